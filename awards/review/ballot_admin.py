"""The council's e-ballots in the admin, read-only: the office, the Director and the inspection board read
the window, who of the members present voted and when, and the tally once closed. The office opens and
closes them in the portal. Choices are not registered at all: the admin shows counts only."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from awards.models import CouncilBallot
from campaign.admin_base import ScopedHistoryAdmin

from . import ballots


@admin.register(CouncilBallot)
class CouncilBallotAdmin(ScopedHistoryAdmin):
    list_display = ["meeting", "campaign_number", "opens_at", "closes_at", "state", "secret", "voted", "portal"]
    list_filter = ["state", "secret"]
    list_select_related = ["meeting__campaign"]
    date_hierarchy = "opens_at"
    fields = [
        "meeting", "state", "opens_at", "closes_at", "secret", "participation_list", "tally", "opened_by",
        "opened_at", "closed_by", "closed_at", "portal",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_voted=Count("participations", distinct=True))

    @admin.display(description="Kế hoạch", ordering="meeting__campaign__number")
    def campaign_number(self, obj):
        return obj.meeting.campaign.number

    @admin.display(description="Đã bỏ phiếu", ordering="n_voted")
    def voted(self, obj):
        return obj.n_voted

    @admin.display(description="Trang biểu quyết")
    def portal(self, obj):
        return format_html('<a href="{}">Mở trên cổng</a>', reverse("awards:council-ballot", args=[obj.pk]))

    @admin.display(description="Thành viên dự họp")
    def participation_list(self, obj):
        people, _ = ballots.participation(obj)
        rows = [(member.full_name, " (đã bỏ phiếu)" if at else "") for member, at in people]
        if not rows:
            return "—"
        return format_html("<ul class='mb-0'>{}</ul>", format_html_join("", "<li>{}{}</li>", rows))

    @admin.display(description="Kết quả biểu quyết")
    def tally(self, obj):
        rows = ballots.tally_rows(obj)
        if not rows:
            return "Kết quả được công bố khi Văn phòng kết thúc biểu quyết."
        cells = [
            (r.nomination.nominee_name, r.result.agree, r.result.disagree, r.result.abstain, r.result.conflict,
             r.result.result_label)
            for r in rows
        ]
        return format_html(
            "<table><thead><tr><th>Tập thể, cá nhân</th><th>Tán thành</th><th>Không tán thành</th>"
            "<th>Không biểu quyết</th><th>Xung đột lợi ích</th><th>Kết quả</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", cells
            ),
        )
