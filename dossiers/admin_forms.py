from django import forms
from django.contrib.admin import helpers


class _ActionForm(forms.Form):
    """Carries the selected dossiers through the intermediate page of an admin action."""

    _selected_action = forms.CharField(widget=forms.MultipleHiddenInput)
    action = forms.CharField(widget=forms.HiddenInput)
    select_across = forms.BooleanField(widget=forms.HiddenInput, required=False)
    index = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=0)

    ACTION_CHECKBOX_NAME = helpers.ACTION_CHECKBOX_NAME


class RejectForm(_ActionForm):
    reason = forms.CharField(
        label="Lý do không tiếp nhận",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": "Hãy ghi rõ lý do không tiếp nhận hồ sơ."},
    )


class SupplementForm(_ActionForm):
    note = forms.CharField(
        label="Nội dung cần bổ sung",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": "Hãy ghi rõ nội dung cần bổ sung."},
    )
    due_date = forms.DateField(
        label="Hạn bổ sung (dd/mm/yyyy)",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "text", "placeholder": "dd/mm/yyyy"}),
        error_messages={"required": "Hãy nhập hạn bổ sung.", "invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."},
    )


class AcceptForm(_ActionForm):
    note = forms.CharField(label="Ghi chú (không bắt buộc)", required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))
