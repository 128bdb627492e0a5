"""The office's review workplace in the admin: council meetings and votes, the shortlist within the
quota, publication for comment and its feedback, and the dashboard.

Every page is scoped by campaign/rules.py (ScopedAdmin): a changelist lists the user's agencies' rows
only, another agency's meeting or campaign is a 404, and what the user sees but may not do is a 403.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from awards.models import Approval, CouncilBallot, CouncilMeeting, Feedback, Publication, Vote, VoteChoice
from campaign.admin import CampaignAdmin, CampaignForm
from campaign.admin_base import (
    ChoiceFilter,
    ScopedAdmin,
    ScopedHistoryAdmin,
    ScopedTabularInline,
    ShownNotEdited,
)
from campaign.history_display import display_value
from campaign.models import AwardLevel, BoardKind, Campaign, StaffMember
from campaign.rules import can, refuse_unless
from core.errors import DomainError
from core.time import local_today
from dossiers.display import person_name, short_person_name
from dossiers.models import Nomination, NomineeKind

from . import (
    ballot_admin,  # noqa: F401  (registers the council's e-ballots)
    council,
    quota,
    selectors,
    services,
)
from .forms import AnswerForm, PublishForm, VoteGridForm


class _DryRun(Exception):
    pass


class CouncilMeetingForm(forms.ModelForm):
    """The meeting is created and corrected only through the services (create_meeting, update_meeting).
    clean() runs the service once in a savepoint that is rolled back, so its refusal is an error on the
    form with everything typed kept; the admin's save_model runs it for real, after the whole page
    (inlines included) has validated."""

    user = None  # set by CouncilMeetingAdmin.get_form

    class Meta:
        model = CouncilMeeting
        fields = ["campaign", "level", "held_on", "members_present", "quorum_percent", "vote_base",
                  "pass_threshold_percent", "notes"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            with transaction.atomic():
                self.save_through_service(data)
                raise _DryRun
        except _DryRun:
            pass
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
        return data

    def save_through_service(self, data) -> CouncilMeeting:
        values = {name: data.get(name) for name in ("level", "held_on", "quorum_percent", "vote_base",
                                                      "pass_threshold_percent")}
        present = list(data.get("members_present") or [])
        notes = data.get("notes") or ""
        if self.instance.pk:
            meeting = CouncilMeeting.objects.get(pk=self.instance.pk)
            return services.update_meeting(meeting=meeting, by=self.user, present=present, notes=notes, **values)
        return services.create_meeting(campaign=data.get("campaign"), by=self.user, present=present, notes=notes,
                                       **values)


class VoteInline(ScopedTabularInline):
    """Read-only: votes are recorded on the vote grid (awards.record_votes), never edited here."""

    model = Vote
    extra = 0
    can_delete = False
    fields = ["nomination", "member", "choice", "recorder", "recorded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "recorded_by__staff_member", "nomination__staff",
                                                            "nomination__nominee_unit")

    @admin.display(description="người ghi phiếu")
    def recorder(self, obj):
        return person_name(obj.recorded_by)


class VoteHistoryInline(ShownNotEdited, admin.TabularInline):
    """Every vote as first recorded and as corrected since, by whom and when (django-simple-history)."""

    model = Vote.history.model
    fk_name = "meeting"
    verbose_name = "thay đổi phiếu biểu quyết"
    verbose_name_plural = "lịch sử phiếu biểu quyết"
    extra = 0
    can_delete = False
    # simple-history's own columns have English names without gettext: labelled here.
    fields = ["changed_at", "change", "nomination", "member", "choice", "changed_by"]
    readonly_fields = fields
    ordering = ["-history_date", "-history_id"]

    @admin.display(description="thời điểm")
    def changed_at(self, obj):
        return display_value(None, obj.history_date)

    @admin.display(description="thay đổi")
    def change(self, obj):
        return obj.get_history_type_display()

    @admin.display(description="người ghi")
    def changed_by(self, obj):
        return person_name(obj.history_user) if obj.history_user_id else "hệ thống"

    def has_view_permission(self, request, obj=None):
        return can(request.user, "awards.view_vote", obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "history_user__staff_member", "nomination__staff",
                                                            "nomination__nominee_unit")


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(ScopedHistoryAdmin):
    form = CouncilMeetingForm
    list_display = ["held_on", "level", "campaign", "present_count", "quorum_percent", "vote_base",
                    "pass_threshold_percent", "vote_link"]
    list_filter = ["campaign", "level"]
    filter_horizontal = ["members_present"]
    inlines = [VoteInline, VoteHistoryInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else [VoteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("campaign").annotate(
            _present=Count("members_present", distinct=True)
        )

    def get_object(self, request, object_id, from_field=None):
        meeting = super().get_object(request, object_id, from_field)
        if meeting is not None:
            # The members present are each named with their unit (chosen, or read by the board): read at once.
            prefetch_related_objects([meeting], Prefetch("members_present",
                                                         queryset=StaffMember.objects.select_related("unit")))
        return meeting

    @admin.display(description="số thành viên dự họp", ordering="_present")
    def present_count(self, obj):
        return obj._present

    @admin.display(description="biểu quyết")
    def vote_link(self, obj):
        return format_html('<a href="{}">Nhập phiếu biểu quyết</a>', reverse("admin:awards_vote_grid", args=[obj.pk]))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "members_present":
            # Council members of the agencies the user sees (the scoped base narrows it to those).
            kwargs["queryset"] = (StaffMember.objects.filter(board_memberships__board__kind=BoardKind.COUNCIL)
                                  .select_related("unit").distinct())  # each choice is named with its unit
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "campaign":
            # A new meeting is offered only the plans whose emulation period is over (R4: the council
            # votes after it); the campaign of an existing meeting is read-only. The service still decides.
            kwargs["queryset"] = Campaign.objects.filter(emulation_end__lt=local_today())
            kwargs.setdefault("error_messages", {
                "invalid_choice": "Kế hoạch này chưa kết thúc thời gian thi đua (hoặc không thuộc cơ quan); "
                "chỉ họp Hội đồng sau khi kết thúc thời gian thi đua.",
            })
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        # A meeting stays with its campaign; the council recorded at the meeting is shown, never edited.
        fields = ["council_size"]
        return [*fields, "campaign"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        meeting = form.save_through_service(form.cleaned_data)
        # The admin logs and redirects with `obj`: it is now the row the service wrote.
        for field in CouncilMeeting._meta.concrete_fields:
            setattr(obj, field.attname, getattr(meeting, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_urls(self):
        return [
            path("<int:pk>/bieu-quyet/", self.admin_site.admin_view(self.vote_grid_view), name="awards_vote_grid"),
            *super().get_urls(),
        ]

    def vote_grid_view(self, request, pk: int):
        """Every member present × every nomination of accepted dossiers, on one page, with the tally."""
        meeting = get_object_or_404(self.get_queryset(request).select_related("campaign"), pk=pk)
        if not self.has_view_permission(request, meeting):
            raise Http404("Không tìm thấy phiên họp.")
        can_edit = can(request.user, "awards.record_votes", meeting)
        e_ballot = CouncilBallot.objects.filter(meeting=meeting).first()
        if e_ballot is not None:
            # Members vote themselves in an e-ballot: the grid only shows its result (the votes it became).
            can_edit = False
            if request.method == "GET":
                self.message_user(request, format_html(
                    'Phiên họp biểu quyết điện tử: thành viên tự bỏ phiếu trên Cổng (<a href="{}">trang biểu quyết</a>).',
                    reverse("awards:council-ballot", args=[e_ballot.pk]),
                ), messages.INFO)
        if request.method == "POST":
            refuse_unless(request.user, "awards.record_votes", meeting)
            if e_ballot is not None:
                raise PermissionDenied("Phiên họp biểu quyết điện tử; không nhập phiếu trên bảng.")
        nominations = list(selectors.nominations_before_council(meeting.campaign, meeting.level))
        members = list(meeting.members_present.order_by("full_name"))
        existing = {
            (n, m): c
            for n, m, c in Vote.objects.filter(meeting=meeting).values_list("nomination_id", "member_id", "choice")
        }
        form = VoteGridForm(request.POST or None, nominations=nominations, members=members, existing=existing)
        if request.method == "POST" and form.is_valid():
            by_pk = {n.pk: n for n in nominations}
            recorded = 0
            if not form.votes_by_nomination():
                self.message_user(request, "Chưa chọn phiếu biểu quyết nào; không có gì được ghi.", messages.WARNING)
            for nomination_id, votes in form.votes_by_nomination().items():
                try:
                    services.record_votes(meeting=meeting, nomination=by_pk[nomination_id], votes=votes, by=request.user)
                    recorded += 1
                except DomainError as error:
                    self.message_user(request, f"{by_pk[nomination_id].nominee_name}: {error.message}", messages.ERROR)
            if recorded:
                self.message_user(request, f"Đã ghi phiếu biểu quyết cho {recorded} đề nghị.", messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        tallies = council.meeting_tallies(meeting)
        labels = dict(VoteChoice.choices)
        rows = [
            (nomination, [(cell, labels.get(cell.value(), "—")) for cell in cells], tallies.get(nomination.pk))
            for nomination, cells in form.rows()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Biểu quyết – {meeting}",
            "meeting": meeting,
            "members": members,
            # Narrow headers so the grid fits 1280 px; the full name (and position) on hover.
            "member_heads": [(m, short_person_name(m.full_name)) for m in members],
            "member_count": meeting.council_size,
            "rows": rows,
            "form": form,
            "can_edit": can_edit,
            "voting_open": meeting.campaign.is_emulation_over(),
        }
        return TemplateResponse(request, "admin/awards/vote_grid.html", context)


class RevokedFilter(ChoiceFilter):
    title = "tình trạng"
    parameter_name = "tinh_trang"
    options = (("duyet", "Đang được duyệt", Q(revoked_at__isnull=True)),
               ("bo", "Đã bỏ duyệt", Q(revoked_at__isnull=False)))


@admin.register(Approval)
class ApprovalAdmin(ShownNotEdited, ScopedHistoryAdmin):
    """Approvals are made and revoked on the shortlist page, through the services that hold the quota and
    refuse once the list is published; never through the admin's own forms."""

    list_display = ["nominee", "kind", "level", "unit", "campaign", "approver", "approved_at", "revoked_at",
                    "revoker", "revoke_reason"]
    list_filter = ["campaign", "level", "kind", RevokedFilter]
    search_fields = ["nomination__staff__full_name", "nomination__snapshot_name", "nomination__dossier__unit__name"]
    list_select_related = ["nomination__staff", "nomination__nominee_unit", "nomination__dossier__unit", "campaign",
                           "approved_by__staff_member", "revoked_by__staff_member"]

    @admin.display(description="tập thể, cá nhân")
    def nominee(self, obj):
        return obj.nomination.nominee_name

    @admin.display(description="đơn vị")
    def unit(self, obj):
        return obj.nomination.dossier.unit.name

    @admin.display(description="người duyệt", ordering="approved_by")
    def approver(self, obj):
        return person_name(obj.approved_by)

    @admin.display(description="người bỏ duyệt")
    def revoker(self, obj):
        return person_name(obj.revoked_by) if obj.revoked_by_id else "—"

    def get_urls(self):
        return [
            path("tong-hop/", self.admin_site.admin_view(self.dashboard_view), name="awards_dashboard"),
            path("xet-duyet/<int:campaign_id>/<str:level>/", self.admin_site.admin_view(self.shortlist_view),
                 name="awards_shortlist"),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        """Per campaign of the user's agencies and level: dossiers by state, approved vs quota, open
        feedback, overdue supplements."""
        if not self.has_view_permission(request):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Tổng hợp thi đua – khen thưởng",
            "blocks": selectors.review_dashboard(request.user),
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/awards/dashboard.html", context)

    def shortlist_view(self, request, campaign_id: int, level: str):
        """Approve within the quota, publish the list, answer feedback: one page per campaign and level."""
        if level not in AwardLevel.values or not self.has_view_permission(request):
            raise Http404
        campaign = selectors.campaign_for_review(request.user, campaign_id)
        # One page for the office's four steps (approve, revoke, publish, answer): each POST asks its own
        # permission; the page offers the forms to those who may approve.
        can_edit = can(request.user, "awards.add_approval", campaign)
        publish_form = PublishForm(prefix="publish")
        if request.method == "POST":
            response = self._shortlist_post(request, campaign, level)
            if response is not None:
                return response
            publish_form = PublishForm(request.POST, prefix="publish")
            publish_form.is_valid()
        nominations = list(selectors.nominations_before_council(campaign, level).select_related("approval"))
        meetings = list(CouncilMeeting.objects.filter(campaign=campaign, level=level).order_by("held_on", "pk"))
        tallies = council.counting_tallies(campaign, level)
        use = quota.quota_use(campaign, level)
        publication = selectors.publication_with_feedback(campaign, level)
        rows = [
            {
                "nomination": n,
                "tally": tallies.get(n.pk),
                "approval": _live_approval(n),
                "blocker": _approve_blocker(campaign, n, tallies.get(n.pk), use, publication),
            }
            for n in nominations
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Xét duyệt, công khai – {AwardLevel(level).label}",
            "campaign": campaign,
            "level": level,
            "rows": rows,
            "meetings": meetings,
            "quota_collective": use[NomineeKind.COLLECTIVE].quota,
            "quota_individual": use[NomineeKind.INDIVIDUAL].quota,
            "approved_collective": use[NomineeKind.COLLECTIVE].approved,
            "approved_individual": use[NomineeKind.INDIVIDUAL].approved,
            "publication": publication,
            "publish_form": publish_form,
            "answer_form": AnswerForm(),
            "can_edit": can_edit,
            "signing_blockers": services.signing_blockers(campaign, level),
            # The "approve the ticked ones" form only when some row can be approved.
            "approvable": any(not row["approval"] and not row["blocker"] for row in rows),
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/awards/shortlist.html", context)

    def _shortlist_post(self, request, campaign, level):
        """Each step asks its own permission first: the campaign is seen (the page opened), so a refusal
        is a 403; a nomination, approval or comment not of this campaign and level is a 404."""
        op = request.POST.get("op")
        permission = {
            "approve": "awards.add_approval", "revoke": "awards.delete_approval",
            "publish": "awards.add_publication", "answer": "awards.answer_feedback",
            "approve_many": "awards.add_approval",
        }.get(op)
        if permission is None:
            raise Http404
        refuse_unless(request.user, permission, campaign)
        try:
            if op == "approve_many":
                self._approve_many(request, campaign, level)
            elif op == "approve":
                nomination = get_object_or_404(Nomination, pk=_posted_id(request, "nomination"), campaign=campaign,
                                               level=level)
                services.approve_nomination(nomination=nomination, by=request.user)
                self.message_user(request, f"Đã duyệt khen thưởng cho {nomination.nominee_name}.", messages.SUCCESS)
            elif op == "revoke":
                approval = get_object_or_404(Approval, pk=_posted_id(request, "approval"), campaign=campaign,
                                             level=level)
                name = approval.nomination.nominee_name
                services.revoke_approval(approval=approval, by=request.user,
                                         reason=_posted_text(request, "reason", "Lý do bỏ duyệt"))
                self.message_user(request, f"Đã bỏ duyệt {name}.", messages.SUCCESS)
            elif op == "publish":
                form = PublishForm(request.POST, prefix="publish")
                if not form.is_valid():
                    return None
                publication = services.publish_list(
                    campaign=campaign, level=level, working_days=form.cleaned_data["working_days"],
                    note=form.cleaned_data["note"], by=request.user,
                )
                self.message_user(
                    request,
                    f"Đã công khai danh sách đến hết ngày {publication.closes_on:%d/%m/%Y}.",
                    messages.SUCCESS,
                )
            elif op == "answer":
                feedback = get_object_or_404(Feedback, pk=_posted_id(request, "feedback"),
                                             publication__campaign=campaign, publication__level=level)
                services.answer_feedback(feedback=feedback, by=request.user,
                                         answer=_posted_text(request, "answer", "Câu trả lời"))
                self.message_user(request, "Đã lưu câu trả lời.", messages.SUCCESS)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def _approve_many(self, request, campaign, level) -> None:
        """Approve the ticked nominations in one submit, in the page's order (the quota fills in that
        order). Each is its own approval through the service: those that pass stay approved, each refusal
        is named."""
        posted = request.POST.getlist("nominations")
        if not posted:
            raise DomainError("Chưa chọn đề nghị nào; không có gì được duyệt.")
        if len(posted) > 1000 or not all(v.isascii() and v.isdigit() and len(v) <= 18 for v in posted):
            raise DomainError("Yêu cầu không hợp lệ: mã đề nghị phải là một số. Không có gì thay đổi.")
        wanted = {int(v) for v in posted}
        chosen = list(selectors.nominations_before_council(campaign, level).filter(pk__in=wanted))
        approved, refused = [], []
        for nomination in chosen:
            try:
                services.approve_nomination(nomination=nomination, by=request.user)
            except DomainError as error:
                refused.append((nomination.nominee_name, error.message))
            else:
                approved.append(nomination.nominee_name)
        unknown = len(wanted) - len(chosen)
        if approved:
            self.message_user(
                request, f"Đã duyệt khen thưởng cho {len(approved)} đề nghị: {', '.join(approved)}.", messages.SUCCESS
            )
        for name, why in refused:
            self.message_user(request, f"Không duyệt {name}: {why}", messages.ERROR)
        if unknown:
            self.message_user(
                request,
                f"{unknown} đề nghị đã chọn không thuộc danh sách xét duyệt này (hồ sơ không còn ở trạng thái "
                "đã tiếp nhận); không duyệt.",
                messages.ERROR,
            )


def _live_approval(nomination: Nomination) -> Approval | None:
    approval = getattr(nomination, "approval", None)
    return approval if approval is not None and approval.is_live else None


def _approve_blocker(campaign, nomination, tally, use, publication) -> str:
    """Why "Duyệt" cannot succeed for this row now ("" when it can): the page hides the button and says
    why instead. The same conditions as approve_nomination, read from what the page already holds; the
    service still decides (a quota filled meanwhile is refused there, by name)."""
    if publication is not None or _live_approval(nomination) is not None:
        return ""  # the row says "Đã duyệt" or the list is published: no approval control at all
    if not campaign.is_emulation_over():
        return f"Chỉ duyệt sau khi kết thúc thời gian thi đua (hết ngày {campaign.emulation_end:%d/%m/%Y})."
    if tally is None:
        return "Chưa được Hội đồng biểu quyết."
    if not tally.passed:
        return f"Không được Hội đồng thông qua ({tally.result_label})."
    kind_use = use[nomination.kind]
    if kind_use.full:
        if kind_use.quota == 0:
            return f"Chưa có chỉ tiêu {kind_use.word} ở cấp này."
        return f"Hết chỉ tiêu {kind_use.word} (đã duyệt {kind_use.approved}/{kind_use.quota})."
    return ""


def _posted_id(request, name: str) -> int:
    """The id a shortlist form posts; anything else is the user's (or a tool's) mistake, not a 500."""
    value = request.POST.get(name, "")
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise DomainError("Yêu cầu không hợp lệ: mã đề nghị, mục duyệt hoặc ý kiến phải là một số. Không có gì thay đổi.")
    return int(value)


def _posted_text(request, name: str, label: str) -> str:
    value = request.POST.get(name, "")
    if "\x00" in value:
        raise DomainError(f"{label} chứa ký tự không hợp lệ (ký tự NUL). Không có gì thay đổi.")
    if len(value) > 5000:
        raise DomainError(f"{label} dài quá 5.000 ký tự. Không có gì thay đổi.")
    return value


@admin.register(Publication)
class PublicationAdmin(ShownNotEdited, ScopedHistoryAdmin):
    """Published from the shortlist page (publish_list checks the approvals and the dates), and a published list
    stays as it was shown."""

    list_display = ["campaign", "level", "opened_at", "working_days", "closes_on", "feedback_count", "unanswered"]
    list_filter = ["campaign", "level"]
    list_select_related = ["campaign"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _feedback=Count("feedback", distinct=True),
            _unanswered=Count("feedback", filter=Q(feedback__answer=""), distinct=True),
        )

    @admin.display(description="số ý kiến", ordering="_feedback")
    def feedback_count(self, obj):
        return obj._feedback

    @admin.display(description="chưa trả lời", ordering="_unanswered")
    def unanswered(self, obj):
        return obj._unanswered


class AnsweredFilter(ChoiceFilter):
    title = "đã trả lời"
    parameter_name = "da_tra_loi"
    options = (("khong", "Chưa trả lời", Q(answer="")), ("co", "Đã trả lời", ~Q(answer="")))


class FeedbackAnswerForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["answer"]

    def clean_answer(self):
        answer = self.cleaned_data["answer"]
        if not answer.strip():
            raise forms.ValidationError("Hãy nhập nội dung trả lời.")
        return answer


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    form = FeedbackAnswerForm
    list_display = ["nominee", "text", "author_name", "created_at", "is_answered_display", "answered_at"]
    list_filter = [AnsweredFilter, "publication__campaign", "publication__level"]
    search_fields = ["text", "answer", "nomination__snapshot_name", "nomination__staff__full_name"]
    list_select_related = ["nomination__staff", "nomination__nominee_unit", "author__staff_member"]
    readonly_fields = ["publication", "nomination", "author_name", "text", "created_at", "answerer", "answered_at"]
    fields = ["publication", "nomination", "author_name", "created_at", "text", "answer", "answerer", "answered_at"]

    @admin.display(description="người gửi", ordering="author")
    def author_name(self, obj):
        return person_name(obj.author)

    @admin.display(description="người trả lời")
    def answerer(self, obj):
        return person_name(obj.answered_by) if obj.answered_by_id else "—"

    # Staff send feedback on the portal; nobody deletes it. Changing it is answering it.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return can(request.user, "awards.answer_feedback", obj)

    @admin.display(description="tập thể, cá nhân")
    def nominee(self, obj):
        return obj.nomination.nominee_name

    @admin.display(description="đã trả lời", boolean=True)
    def is_answered_display(self, obj):
        return obj.is_answered

    def save_model(self, request, obj, form, change):
        services.answer_feedback(feedback=obj, by=request.user, answer=form.cleaned_data["answer"])


# The plan's quotas (R12): campaign/ knows nothing of approvals, so review extends the plan's admin page.


class QuotaFloorCampaignForm(CampaignForm):
    """A quota or provincial allocation is never set below what is already approved. The admin saves in
    the request's transaction; check_quota_change locks the campaign row there, so an approval (which
    takes the same lock) cannot slip in between this check and the save."""

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            # Compared with the stored plan, not the form's initial values (a history version's, on revert).
            fields = (*services.QUOTA_FIELDS, services.PLAN_FIELD)
            stored = Campaign.objects.filter(pk=self.instance.pk).values(*fields).first() or {}
            stored[services.PLAN_FIELD] = stored.pop(services.PLAN_FIELD, None)
            values = {}
            for name in fields:
                if name not in data or name in self.errors:
                    continue
                value = data.get(name)
                if getattr(value, "pk", value) != stored.get(name):
                    values[name] = value
            for field, message in services.check_quota_change(campaign=self.instance, values=values).items():
                self.add_error(field, message)
        return data


class QuotaFloorCampaignAdmin(CampaignAdmin):
    form = QuotaFloorCampaignForm

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting to an earlier version saves the plan too: the same lock from the check to the commit.
        if request.method == "POST":
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        return super().history_form_view(request, object_id, version_id, extra_context)


admin.site.unregister(Campaign)
admin.site.register(Campaign, QuotaFloorCampaignAdmin)
