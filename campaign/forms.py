from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

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
