"""Forms of the recommendations' pages: labels and errors in Vietnamese. Choices of a plan or a
supervision report offer only what the user sees; the rules themselves are the services'."""

from django import forms

from ..forms import MultipleFileField
from .selectors import DECISION_LABELS
from .services import MAX_ATTACHMENTS, TITLE_MAX


class RecommendationForm(forms.Form):
    title = forms.CharField(
        label="Tiêu đề",
        max_length=TITLE_MAX,
        error_messages={
            "required": "Hãy nhập tiêu đề của kiến nghị.",
            "max_length": f"Tiêu đề dài tối đa {TITLE_MAX} ký tự; nội dung chi tiết ghi ở phần nội dung.",
        },
        help_text="Ví dụ: Kiến nghị công khai danh sách đề nghị khen thưởng đúng thời hạn.",
    )
    content = forms.CharField(
        label="Nội dung kiến nghị",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={
            "required": "Hãy nêu nội dung kiến nghị.",
            "max_length": "Nội dung kiến nghị dài tối đa 20.000 ký tự; phần dài hơn hãy gửi kèm tệp.",
        },
        help_text="Nêu vấn đề phát hiện qua giám sát, căn cứ và đề xuất cụ thể với Giám đốc Sở.",
    )
    campaign = forms.ChoiceField(label="Thuộc kế hoạch (không bắt buộc)", required=False)
    supervision_report = forms.ChoiceField(label="Từ báo cáo giám sát (không bắt buộc)", required=False)
    attachments = MultipleFileField(label="Tệp đính kèm (không bắt buộc)", required=False)

    def __init__(self, *args, campaigns=(), reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        invalid = "Lựa chọn không hợp lệ; hãy tải lại trang rồi chọn lại."
        self.fields["campaign"].choices = [("", "— Không gắn với kế hoạch —")] + [
            (str(c.pk), f"Kế hoạch số {c.number}: {c.title}") for c in campaigns
        ]
        self.fields["campaign"].error_messages["invalid_choice"] = invalid
        self.fields["supervision_report"].choices = [("", "— Không —")] + [
            (str(r.pk), f"{r} ({r.campaign.number})") for r in reports
        ]
        self.fields["supervision_report"].error_messages["invalid_choice"] = invalid
        self.fields["attachments"].help_text = (
            f"Tối đa {MAX_ATTACHMENTS} tệp PDF, DOCX, DOC, JPG, PNG. Nếu có lỗi ở ô khác, hãy chọn lại tệp "
            "(trình duyệt không giữ tệp đã chọn)."
        )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label="Kết quả xem xét",
        choices=[(value, label) for value, label in DECISION_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Hãy chọn kết quả xem xét: tiếp thu, tiếp thu một phần hoặc không tiếp thu.",
            "invalid_choice": "Hãy chọn kết quả xem xét: tiếp thu, tiếp thu một phần hoặc không tiếp thu.",
        },
    )
    text = forms.CharField(
        label="Nội dung trả lời",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Hãy nhập nội dung trả lời kiến nghị."},
        help_text="Những việc cơ quan sẽ làm (hoặc đã làm), thời hạn, người thực hiện.",
    )
    reasons = forms.CharField(
        label="Lý do (bắt buộc khi không tiếp thu toàn bộ)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        required=False,
    )
    correction_note = forms.CharField(
        label="Nội dung đính chính",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        help_text="Sửa điều gì so với câu trả lời trước; câu trả lời trước vẫn được lưu và Ban Thanh tra nhân dân xem được.",
    )
    corrects = forms.CharField(widget=forms.HiddenInput, required=False, max_length=30)

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not correcting:
            del self.fields["correction_note"]
