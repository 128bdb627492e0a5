from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from core.uploads import ACCEPT_ATTRIBUTE, ALLOWED_LABEL, human_size, max_bytes

# Django's own Vietnamese catalogue lacks these two messages; the login must speak Vietnamese.
LOGIN_ERRORS = {
    "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường.",
    "inactive": "Tài khoản này đã bị khoá. Vui lòng liên hệ Văn phòng Sở.",
}


class LoginForm(AuthenticationForm):
    error_messages = LOGIN_ERRORS


class AdminLoginForm(AdminAuthenticationForm):
    error_messages = {
        **LOGIN_ERRORS,
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không có quyền vào trang quản trị.",
    }

    def confirm_login_allowed(self, user):
        # Who enters the admin is asked of the access rules (a role in an agency), not of is_staff.
        from .rules import menu_for

        if not user.is_active or not menu_for(user).admin:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                        params={"username": self.username_field.verbose_name})


# Running the campaign -----------------------------------------------------------------------------------

DATE_HELP = "Định dạng dd/mm/yyyy."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service under the dossiers' upload rules."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        kwargs.setdefault("allow_empty_file", True)  # the service refuses it with a message naming the file
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class VNDateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, **kwargs)


class ProgressReportForm(forms.Form):
    description = forms.CharField(
        label="Đơn vị đã thực hiện",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Hãy nêu những việc đơn vị đã làm cho nội dung này."},
        help_text="Nêu cụ thể: hoạt động, hình thức, số người tham gia, kết quả.",
    )
    activity_date = forms.DateField(
        label="Ngày thực hiện",
        widget=VNDateInput(),
        error_messages={"required": "Hãy nhập ngày thực hiện.", "invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."},
        help_text=DATE_HELP,
    )
    evidence = MultipleFileField(label="Tệp minh chứng (không bắt buộc)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = (
            f"Có thể chọn nhiều tệp. Nhận tệp {ALLOWED_LABEL}, tối đa {human_size(max_bytes())} mỗi tệp."
        )


class SupervisionReportForm(forms.Form):
    period_start = forms.DateField(
        label="Giám sát từ ngày",
        widget=VNDateInput(),
        error_messages={"required": "Hãy nhập ngày bắt đầu.", "invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."},
    )
    period_end = forms.DateField(
        label="đến ngày",
        widget=VNDateInput(),
        error_messages={"required": "Hãy nhập ngày kết thúc.", "invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."},
    )
    findings = forms.CharField(
        label="Kết quả giám sát",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Hãy nêu kết quả giám sát."},
    )
    recommendations = forms.CharField(
        label="Kiến nghị",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx) theo mẫu",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": "Hãy chọn tệp Excel để kiểm tra."},
        allow_empty_file=True,
    )


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
