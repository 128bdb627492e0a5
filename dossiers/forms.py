from django import forms

from campaign.models import AwardLevel, Campaign, StaffMember, Unit
from core.uploads import ACCEPT_ATTRIBUTE, ALLOWED_LABEL, human_size, max_bytes

from .models import WITHDRAW_NOTE_MAX_LENGTH, DocumentKind, NomineeKind


def _file_help() -> str:
    return f"Nhận tệp {ALLOWED_LABEL}, tối đa {human_size(max_bytes())} mỗi tệp."


class NewDossierForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="Phong trào thi đua", queryset=Campaign.objects.none(), empty_label=None
    )
    level = forms.ChoiceField(
        label="Cấp khen thưởng",
        choices=AwardLevel.choices,
        widget=forms.RadioSelect,
        initial=AwardLevel.GRASSROOTS,
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(agency=unit.agency_id).order_by(
            "-submission_deadline"
        )
        self.fields["level"].choices = [
            (AwardLevel.GRASSROOTS, "Cấp cơ sở – Giám đốc Sở tặng Giấy khen (kèm báo cáo tóm tắt thành tích)"),
            (AwardLevel.PROVINCIAL, "Cấp tỉnh – trình Ban Chỉ đạo Tỉnh (kèm báo cáo thành tích đầy đủ)"),
        ]


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
