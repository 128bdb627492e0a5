from django import forms
from django.urls import reverse
from django.utils.html import format_html

from campaign.models import Allocation, AwardLevel, Campaign, StaffMember, Unit
from core.time import local_today
from core.uploads import ACCEPT_ATTRIBUTE, ALLOWED_LABEL, human_size, max_bytes

from .models import WITHDRAW_NOTE_MAX_LENGTH, DocumentKind, NomineeKind


def _file_help() -> str:
    return f"Nhận tệp {ALLOWED_LABEL}, tối đa {human_size(max_bytes())} mỗi tệp."


LEVEL_LABELS = {
    AwardLevel.GRASSROOTS: "Cấp cơ sở – Giám đốc Sở tặng Giấy khen (kèm báo cáo tóm tắt thành tích)",
    AwardLevel.PROVINCIAL: "Cấp tỉnh – trình Ban Chỉ đạo Tỉnh (kèm báo cáo thành tích đầy đủ)",
}


def places(campaign: Campaign, level: str, allocations: dict) -> int:
    """How many collectives and individuals the plan may award at `level`: the plan's quota at grassroots
    level, the provincial committee's allocation to the agency at provincial level (none entered: none)."""
    if level == AwardLevel.GRASSROOTS:
        return campaign.collective_quota + campaign.individual_quota
    allocation = allocations.get((campaign.provincial_plan_id, campaign.agency_id))
    return 0 if allocation is None else allocation.collectives + allocation.individuals


class _LoadedPlanField(forms.ModelChoiceField):
    """Chooses among the plans the form has already read (`plans`), so validating the choice is no second
    query (issue 17: statements per dossier step); rendered from its queryset as usual."""

    plans: dict[str, Campaign] = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        plan = self.plans.get(str(value).strip())
        if plan is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": value})
        return plan


class NewDossierForm(forms.Form):
    """Offers only the plans still open for submission (R3) and, of the levels, those with places (R5);
    the service still decides (create_dossier)."""

    campaign = _LoadedPlanField(
        label="Phong trào thi đua",
        queryset=Campaign.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": "Phong trào này không còn nhận hồ sơ (đã hết hạn nộp) hoặc không thuộc cơ quan; "
            "hãy chọn phong trào khác trong danh sách.",
            "required": "Hãy chọn phong trào thi đua.",
        },
    )
    level = forms.ChoiceField(
        label="Cấp khen thưởng",
        choices=AwardLevel.choices,
        widget=forms.RadioSelect,
        initial=AwardLevel.GRASSROOTS,
        error_messages={
            "invalid_choice": "Cấp khen thưởng này không còn chỉ tiêu; hãy chọn cấp khác.",
            "required": "Hãy chọn cấp khen thưởng.",
        },
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        open_plans = list(
            Campaign.objects.filter(agency=unit.agency_id, submission_deadline__gte=local_today()).order_by(
                "-submission_deadline"
            )
        )
        plan_ids = {c.provincial_plan_id for c in open_plans if c.provincial_plan_id is not None}
        self.allocations = {
            (a.provincial_plan_id, a.agency_id): a
            for a in Allocation.objects.filter(provincial_plan_id__in=plan_ids, agency_id=unit.agency_id)
        } if plan_ids else {}
        self.open_plans = open_plans
        self.fields["campaign"].plans = {str(c.pk): c for c in open_plans}
        self.fields["campaign"].queryset = Campaign.objects.filter(pk__in=[c.pk for c in open_plans]).order_by(
            "-submission_deadline"
        )
        levels = [
            level for level in (AwardLevel.GRASSROOTS, AwardLevel.PROVINCIAL)
            if any(places(c, level, self.allocations) for c in open_plans)
        ]
        self.fields["level"].choices = [(level, LEVEL_LABELS[level]) for level in levels]
        if levels and AwardLevel.GRASSROOTS not in levels:
            self.fields["level"].initial = levels[0]
        if not open_plans:
            self.fields["campaign"].help_text = "Hiện không có phong trào nào còn nhận hồ sơ đề nghị khen thưởng."
        elif not levels:
            self.fields["level"].help_text = "Các phong trào đang nhận hồ sơ chưa có chỉ tiêu khen thưởng."

    def clean(self):
        data = super().clean()
        campaign, level = data.get("campaign"), data.get("level")
        if campaign is not None and level and not places(campaign, level, self.allocations):
            if level == AwardLevel.PROVINCIAL:
                why = "Ban Chỉ đạo Tỉnh chưa phân bổ chỉ tiêu khen thưởng cấp tỉnh cho cơ quan theo phong trào này"
            else:
                why = "phong trào này không có chỉ tiêu khen thưởng cấp cơ sở"
            self.add_error("level", f"{why}; hãy chọn cấp khác hoặc phong trào khác.")
        return data

    def add_refusal(self, error) -> None:
        """The service's refusal on the form; "Hãy mở hồ sơ đó" links to the dossier it names."""
        dossier = getattr(error, "dossier", None)
        message = error.message
        if dossier is not None and "Hãy mở hồ sơ đó" in message:
            before, after = message.split("Hãy mở hồ sơ đó", 1)
            message = format_html(
                '{}<a href="{}">Hãy mở hồ sơ đó</a>{}', before, reverse("dossiers:detail", args=[dossier.pk]), after
            )
        self.add_error(None, message)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, widget=forms.HiddenInput)
    nomination = forms.IntegerField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(
        label="Chọn tệp",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": "Hãy chọn một tệp để tải lên.", "empty": "Tệp rỗng (0 byte)."},
        allow_empty_file=True,  # the service refuses it with a message that names the file
    )


class NominationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Đề nghị khen thưởng cho",
        choices=NomineeKind.choices,
        widget=forms.RadioSelect,
        initial=NomineeKind.INDIVIDUAL,
    )
    staff = forms.ModelChoiceField(
        label="Cá nhân",
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label="— Chọn cán bộ của đơn vị —",
    )
    achievement_summary = forms.CharField(
        label="Tóm tắt thành tích",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        error_messages={"required": "Hãy nhập tóm tắt thành tích."},
    )
    report = forms.FileField(
        label="Báo cáo thành tích (có thể tải lên sau)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        allow_empty_file=True,
    )

    def __init__(self, *args, unit: Unit, report_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["staff"].queryset = StaffMember.objects.filter(unit=unit, is_active=True).order_by(
            "-is_leader", "full_name"
        )
        self.fields["staff"].label_from_instance = lambda s: f"{s.full_name} – {s.position}" if s.position else s.full_name
        self.fields["kind"].choices = [
            (NomineeKind.INDIVIDUAL, "Cá nhân của đơn vị"),
            (NomineeKind.COLLECTIVE, f"Tập thể {unit.name}"),
        ]
        if report_label:
            self.fields["report"].label = f"{report_label} (có thể tải lên sau)"
        self.fields["report"].help_text = _file_help()

    def clean(self):
        data = super().clean()
        if data.get("kind") == NomineeKind.INDIVIDUAL and not data.get("staff"):
            self.add_error("staff", "Hãy chọn cá nhân được đề nghị.")
        if data.get("kind") == NomineeKind.COLLECTIVE:
            data["staff"] = None
        return data


class NominationEditForm(forms.Form):
    achievement_summary = forms.CharField(
        label="Tóm tắt thành tích",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Hãy nhập tóm tắt thành tích."},
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="Lý do rút hồ sơ (không bắt buộc)",
        required=False,
        max_length=WITHDRAW_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": "Lý do rút hồ sơ tối đa %(limit_value)d ký tự (hiện có %(show_value)d). Hồ sơ chưa được rút.",
            "null_characters_not_allowed": "Lý do rút hồ sơ chứa ký tự không hợp lệ (ký tự NUL); vui lòng nhập lại.",
        },
    )
