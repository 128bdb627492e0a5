"""Forms of the province's pages: they collect and display; the services decide."""

from django import forms

from awards.issuing.forms import DATE_ERRORS, VNDateInput

from . import services

DEFAULT_FORM = "Bằng khen của Chủ tịch UBND tỉnh"


class AllocationForm(forms.Form):
    collectives = forms.IntegerField(
        label="Tập thể", min_value=0, max_value=services.MAX_PLACES,
        error_messages={"required": "Hãy nhập số tập thể (0 nếu không phân bổ).",
                        "invalid": "Số tập thể phải là một số nguyên.",
                        "min_value": "Số tập thể không thể âm.",
                        "max_value": f"Số tập thể tối đa {services.MAX_PLACES}."},
    )
    individuals = forms.IntegerField(
        label="Cá nhân", min_value=0, max_value=services.MAX_PLACES,
        error_messages={"required": "Hãy nhập số cá nhân (0 nếu không phân bổ).",
                        "invalid": "Số cá nhân phải là một số nguyên.",
                        "min_value": "Số cá nhân không thể âm.",
                        "max_value": f"Số cá nhân tối đa {services.MAX_PLACES}."},
    )
    reason = forms.CharField(
        label="Lý do", max_length=services.MAX_NOTE,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Theo Công văn số …/BCĐ ngày …"}),
        error_messages={"required": "Hãy ghi lý do phân bổ hoặc thay đổi phân bổ.",
                        "max_length": f"Lý do quá dài (tối đa {services.MAX_NOTE} ký tự)."},
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Nội dung cần chỉnh sửa", max_length=services.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy ghi rõ nội dung cần chỉnh sửa khi trả lại tờ trình.",
                        "max_length": f"Ý kiến quá dài (tối đa {services.MAX_NOTE} ký tự)."},
    )


class AcceptForm(forms.Form):
    note = forms.CharField(
        label="Ý kiến (không bắt buộc)", max_length=services.MAX_NOTE, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Ý kiến quá dài (tối đa {services.MAX_NOTE} ký tự)."},
    )


class OutcomeForm(forms.Form):
    awarded = forms.TypedChoiceField(
        label="Kết quả", choices=(("1", "Được khen thưởng"), ("0", "Không được khen thưởng")),
        coerce=lambda v: v == "1", widget=forms.RadioSelect,
        error_messages={"required": "Hãy chọn kết quả.", "invalid_choice": "Hãy chọn kết quả."},
    )
    form = forms.CharField(label="Hình thức khen thưởng", max_length=services.MAX_FORM, required=False,
                           error_messages={"max_length": f"Tối đa {services.MAX_FORM} ký tự."})
    decision_number = forms.CharField(label="Số quyết định của tỉnh", max_length=50, required=False,
                                      error_messages={"max_length": "Tối đa 50 ký tự."})
    decision_date = forms.DateField(label="Ngày quyết định", required=False, widget=VNDateInput(),
                                    input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS)
    note = forms.CharField(label="Ghi chú", max_length=services.MAX_NOTE, required=False,
                           error_messages={"max_length": f"Ghi chú quá dài (tối đa {services.MAX_NOTE} ký tự)."})

    def clean(self):
        data = super().clean()
        if data.get("awarded"):
            for name, message in (("form", "Hãy nhập hình thức khen thưởng."),
                                  ("decision_number", "Hãy nhập số quyết định của tỉnh."),
                                  ("decision_date", "Hãy nhập ngày quyết định (dd/mm/yyyy).")):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data
