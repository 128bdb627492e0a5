"""The unit review meetings in the admin (issue 16), read-only: the office, the Director and the inspection
board read the meeting, its attendance and the tally; the unit holds it in the portal. Ballots are not
registered at all: the admin shows counts only."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from campaign.admin_base import ScopedHistoryAdmin

from . import meetings
from .models import ReviewMeeting


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "campaign_number", "held_at", "state", "secret_ballot", "present", "voted", "portal"]
    list_filter = ["state", "secret_ballot"]
    list_select_related = ["dossier__unit", "dossier__campaign"]
    date_hierarchy = "held_at"
    fields = [
        "dossier", "state", "held_at", "place", "chair", "secretary", "voting_opens_at", "voting_closes_at",
        "secret_ballot", "staff_count", "attendance_list", "tally", "conclusion", "opened_by", "opened_at",
        "closed_by", "closed_at", "confirmed_by", "confirmed_at", "minutes_file", "portal",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_present=Count("attendance", distinct=True), n_voted=Count("participations", distinct=True))
        )

    @admin.display(description="Đơn vị", ordering="dossier__unit__display_order")
    def unit(self, obj):
        return obj.dossier.unit.name

    @admin.display(description="Kế hoạch", ordering="dossier__campaign__number")
    def campaign_number(self, obj):
        return obj.dossier.campaign.number

    @admin.display(description="Dự họp", ordering="n_present")
    def present(self, obj):
        return obj.n_present

    @admin.display(description="Đã bỏ phiếu", ordering="n_voted")
    def voted(self, obj):
        return obj.n_voted

    @admin.display(description="Trang cuộc họp")
    def portal(self, obj):
        return format_html('<a href="{}">Mở trên cổng</a>', reverse("dossiers:meeting", args=[obj.pk]))

    @admin.display(description="Người dự họp")
    def attendance_list(self, obj):
        voted = set(obj.participations.values_list("staff_id", flat=True))
        rows = [
            (a.staff.full_name, " (đã bỏ phiếu)" if a.staff_id in voted else "")
            for a in obj.attendance.select_related("staff")
        ]
        if not rows:
            return "—"
        return format_html("<ul class='mb-0'>{}</ul>", format_html_join("", "<li>{}{}</li>", rows))

    @admin.display(description="Kết quả biểu quyết")
    def tally(self, obj):
        if obj.state == "open":
            return "Kết quả được công bố khi lãnh đạo đơn vị kết thúc biểu quyết."
        result = meetings.tally(obj)
        rows = [
            (r.question.nominee_label, r.agree, r.disagree, r.abstain, r.agree_of_present, r.agree_of_staff)
            for r in result.rows
        ]
        return format_html(
            "<table><thead><tr><th>Tập thể, cá nhân</th><th>Đồng ý</th><th>Không đồng ý</th><th>Không biểu quyết"
            "</th><th>Đồng ý / dự họp</th><th>Đồng ý / tổng số</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
            ),
        )
