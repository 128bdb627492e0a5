from django import forms

from campaign.forms import ImportConfirmForm, ImportUploadForm  # noqa: F401 (the same two steps as the staff import)
from core.uploads import ACCEPT_ATTRIBUTE, ALLOWED_LABEL, human_size, max_bytes

from .models import COLLECTIVE_TITLES, PERSONAL_TITLES, PledgeTitle
from .services import TargetInput

# The titles as the office writes them (the model's labels are English msgids for the catalogue).
TITLE_LABELS = {
    PledgeTitle.EXCELLENT_COLLECTIVE: "Tập thể lao động xuất sắc",
    PledgeTitle.ADVANCED_COLLECTIVE: "Tập thể lao động tiên tiến",
    PledgeTitle.DIRECTOR_CERTIFICATE: "Giấy khen của Giám đốc Sở",
    PledgeTitle.GRASSROOTS_FIGHTER: "Chiến sĩ thi đua cơ sở",
    PledgeTitle.ADVANCED_WORKER: "Lao động tiên tiến",
    PledgeTitle.OTHER: "Khác (ghi rõ)",
}
NUMBER_ERRORS = {"invalid": "Chỉ tiêu (số) phải là một số, ví dụ 12 hoặc 12,5.",
                 "max_digits": "Số quá lớn.", "max_decimal_places": "Tối đa hai chữ số thập phân.",
                 "max_whole_digits": "Số quá lớn."}


class PledgeForm(forms.Form):
    """The title aimed at, a commitment, and per content item a target in words and/or a number."""

    title = forms.ChoiceField(label="Danh hiệu đăng ký", error_messages={
        "required": "Hãy chọn danh hiệu đăng ký.", "invalid_choice": "Hãy chọn danh hiệu đăng ký trong danh sách."})
    title_other = forms.CharField(label="Danh hiệu khác (ghi rõ)", required=False, max_length=200)
    commitment = forms.CharField(label="Nội dung cam kết (không bắt buộc)", required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items=(), personal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        titles = PERSONAL_TITLES if personal else COLLECTIVE_TITLES
        self.fields["title"].choices = [("", "— Chọn danh hiệu —")] + [(t.value, TITLE_LABELS[t]) for t in titles]
        self.items = list(items)
        for item in self.items:
            self.fields[f"text_{item.pk}"] = forms.CharField(
                label=f"Chỉ tiêu nội dung {item.number}", required=False, max_length=500,
                error_messages={"max_length": "Tối đa 500 ký tự."})
            self.fields[f"number_{item.pk}"] = forms.DecimalField(
                label="Số", required=False, max_digits=12, decimal_places=2, localize=True, error_messages=NUMBER_ERRORS,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}))
            self.fields[f"text_{item.pk}"].widget.attrs["class"] = "form-control"

    def rows(self):
        return [(item, self[f"text_{item.pk}"], self[f"number_{item.pk}"]) for item in self.items]

    def targets(self) -> dict[int, TargetInput]:
        data = self.cleaned_data
        return {item.pk: TargetInput(text=data.get(f"text_{item.pk}") or "", number=data.get(f"number_{item.pk}"))
                for item in self.items}

    @staticmethod
    def initial_for(pledge) -> dict:
        if pledge is None:
            return {}
        initial = {"title": pledge.title, "title_other": pledge.title_other, "commitment": pledge.commitment}
        for target in pledge.targets.all():
            initial[f"text_{target.content_item_id}"] = target.target_text
            if target.target_number is not None:  # "4", "12,5": as the unit wrote it, not "4,00"
                initial[f"number_{target.content_item_id}"] = f"{target.target_number.normalize():f}".replace(".", ",")
        return initial


class ScoreForm(forms.Form):
    points = forms.CharField(label="Điểm tự chấm", max_length=10, error_messages={"required": "Hãy nhập số điểm."},
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    evidence_text = forms.CharField(label="Minh chứng", required=False, max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text="Việc đã làm, văn bản, số liệu chứng minh số điểm.")
    evidence_file = forms.FileField(label="Tệp minh chứng (không bắt buộc)", required=False, allow_empty_file=True,
                                    widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
    remove_file = forms.BooleanField(label="Gỡ tệp minh chứng đã tải lên", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].help_text = (
            f"Nhận tệp {ALLOWED_LABEL}, tối đa {human_size(max_bytes())}. Tệp mới thay tệp cũ.")


class AdjustForm(forms.Form):
    score = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    points = forms.CharField(label="Điểm sau thẩm định", max_length=10, error_messages={"required": "Hãy nhập số điểm."})
    reason = forms.CharField(label="Lý do điều chỉnh", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Hãy ghi lý do điều chỉnh điểm."})
