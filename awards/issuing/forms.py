"""Forms of the award decision and the Tờ trình, shared by the portal pages and the admin.

They only collect and display; the rules are the services' (`check_document` before saving, the service
itself when saving), so the same Vietnamese message appears wherever the office types.
"""

import copy

from django import forms

from awards.models import AwardDecision, ProvincialProposal
from core.errors import DomainError

from . import services


class VNDateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, **kwargs)


DATE_ERRORS = {"required": "Hãy nhập ngày (dd/mm/yyyy).", "invalid": "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."}

COMMON_LABELS = {
    "number": "Số văn bản",
    "signing_date": "Ngày ký",
    "signer_name": "Họ tên người ký",
    "signer_title": "Chức danh người ký",
    "is_deputy": "Cấp phó ký thay (KT.)",
    "subject": "Trích yếu",
    "recipients": "Nơi nhận (mỗi dòng một nơi)",
}


class _DocumentForm(forms.ModelForm):
    """Checks the draft through the services, with number errors on the number field."""

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        if "signing_date" in self.fields:
            self.fields["signing_date"].error_messages.update(DATE_ERRORS)
        for name, field in self.fields.items():
            if field.required and name not in ("signing_date",):
                field.error_messages["required"] = f"Hãy nhập {field.label[:1].lower()}{field.label[1:]}."

    def candidate(self):
        candidate = copy.copy(self.instance)
        for name, value in self.cleaned_data.items():
            if hasattr(candidate, name) and name != "campaign":
                setattr(candidate, name, value)
        campaign = self.cleaned_data.get("campaign") or self.campaign or getattr(self.instance, "campaign", None)
        if campaign is not None:
            candidate.campaign = campaign
            candidate.agency = campaign.agency
        return candidate

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        candidate = self.candidate()
        if getattr(candidate, "agency_id", None) is None:
            return data
        try:
            services.check_document(candidate)
        except services.NumberError as error:
            self.add_error("number", error.message)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
        return data


class DecisionForm(_DocumentForm):
    class Meta:
        model = AwardDecision
        fields = ["number", "signing_date", "signer_name", "signer_title", "is_deputy", "subject", "proposer",
                  "executors", "recipients", "register_start"]
        labels = {
            **COMMON_LABELS,
            "number": "Số quyết định",
            "signing_date": "Ngày ký quyết định",
            "proposer": "Xét đề nghị của",
            "executors": "Điều 3: cơ quan, đơn vị, cá nhân thi hành",
            "register_start": "Số sổ bắt đầu",
        }
        help_texts = {
            "number": "Số do Văn thư cấp trong sổ đăng ký văn bản, dạng 123/QĐ-SCT. Có thể để trống ở bản dự thảo.",
            "signing_date": "Ngày ghi trên quyết định (dd/mm/yyyy).",
            "is_deputy": "In “KT. GIÁM ĐỐC” trên chức danh của Phó Giám đốc.",
            "register_start": "Để trống: tiếp theo số sổ lớn nhất đã cấp trong năm.",
        }
        widgets = {
            "signing_date": VNDateInput(),
            "subject": forms.Textarea(attrs={"rows": 2}),
            "executors": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 6}),
        }


class ProposalForm(_DocumentForm):
    class Meta:
        model = ProvincialProposal
        fields = ["number", "signing_date", "signer_name", "signer_title", "is_deputy", "addressee", "requested_award",
                  "subject", "recipients"]
        labels = {
            **COMMON_LABELS,
            "number": "Số tờ trình",
            "signing_date": "Ngày ký tờ trình",
            "addressee": "Kính gửi",
            "requested_award": "Hình thức khen thưởng đề nghị",
        }
        help_texts = {
            "number": "Số do Văn thư cấp, dạng 45/TTr-SCT. Có thể để trống ở bản dự thảo.",
            "requested_award": "In trong tờ trình: “… kính trình … xem xét, tặng <hình thức> cho …”.",
        }
        widgets = {
            "signing_date": VNDateInput(),
            "subject": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }


class SignForm(forms.Form):
    """What the signer confirms: the registered number and the date printed on the document."""

    number = forms.CharField(label="Số văn bản", max_length=50, required=False)
    signing_date = forms.DateField(label="Ngày ký", widget=VNDateInput(), error_messages=DATE_ERRORS)
    confirm = forms.BooleanField(
        label="Tôi đã đọc bản dự thảo; sau khi ký, văn bản và danh sách kèm theo không thể sửa.",
        error_messages={"required": "Hãy xác nhận đã đọc bản dự thảo trước khi ký."},
    )

    def __init__(self, *args, number_label: str = "Số văn bản", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].label = number_label
        self.fields["number"].help_text = "Số do Văn thư cấp trong sổ đăng ký văn bản."
