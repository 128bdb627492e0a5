"""Add an agency and its first office login: the deployment administrator's one task (DESIGN.md, "Who uses it").

    python manage.py create_agency --code SYT --name "Sở Y tế" \\
        --parent-authority "UBND TỈNH ĐỒNG THÁP" --place-name "Đồng Tháp" --office-username vanphong.syt \\
        [--office-email vanphong@syt.dongthap.gov.vn] [--head-title "Giám đốc"] [--office-name "Văn phòng Sở"]

The office login gets a role in the new agency (`Membership`, role office) and nothing else; from there
the agency's office adds its units and staff and gives roles to its own people in the admin.

The password is generated (strong, random, printed once; the user must change it) unless the
environment variable AGENCY_OFFICE_PASSWORD holds one, which must pass the password validators.
Everything is checked first and written in one transaction: a refusal writes nothing.
"""

import os
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from campaign.accounts import generate_password
from campaign.models import Agency, Membership, Role
from campaign.passwords import require_change

PASSWORD_ENV = "AGENCY_OFFICE_PASSWORD"
CODE_PATTERN = re.compile(r"[A-Za-z0-9-]{2,20}")
NOTHING_WRITTEN = "Không có gì được tạo."


def _refuse(message: str) -> CommandError:
    return CommandError(f"{message} {NOTHING_WRITTEN}")


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Thêm một cơ quan và tài khoản Văn phòng Sở đầu tiên của cơ quan đó (việc của quản trị viên hệ thống). "
        f"Mật khẩu được sinh ngẫu nhiên và in ra một lần, hoặc lấy từ biến môi trường {PASSWORD_ENV}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--code", required=True,
            help="Chữ viết tắt tên cơ quan: 2–20 chữ cái không dấu, chữ số hoặc dấu gạch ngang (ví dụ SYT); "
            "được viết hoa.",
        )
        parser.add_argument("--name", required=True, help="Tên cơ quan, ví dụ “Sở Y tế”.")
        parser.add_argument(
            "--parent-authority", required=True, help="Cơ quan cấp trên, ví dụ “UBND TỈNH ĐỒNG THÁP”."
        )
        parser.add_argument("--place-name", required=True, help="Địa danh ghi ở dòng ngày tháng, ví dụ “Đồng Tháp”.")
        parser.add_argument("--office-username", required=True, help="Tên đăng nhập của Văn phòng Sở, ví dụ vanphong.syt.")
        parser.add_argument("--office-email", default="", help="Thư điện tử của tài khoản Văn phòng Sở (không bắt buộc).")
        parser.add_argument("--head-title", default="Giám đốc", help="Chức danh người đứng đầu (mặc định: Giám đốc).")
        parser.add_argument(
            "--office-name", default="Văn phòng Sở", help="Bộ phận nhận hồ sơ (mặc định: Văn phòng Sở)."
        )

    def handle(self, *args, **options):
        User = get_user_model()
        code = options["code"].strip().upper()
        username = options["office_username"].strip()
        email = options["office_email"].strip()
        fields = {
            "code": code,
            "name": options["name"].strip(),
            "parent_authority": options["parent_authority"].strip(),
            "place_name": options["place_name"].strip(),
            "head_title": options["head_title"].strip(),
            "office_name": options["office_name"].strip(),
        }

        # Everything is checked before anything is written.
        if not CODE_PATTERN.fullmatch(code):
            raise _refuse(
                f"Chữ viết tắt “{options['code']}” không hợp lệ: chỉ gồm 2–20 chữ cái không dấu, chữ số hoặc "
                "dấu gạch ngang (ví dụ SYT)."
            )
        existing = Agency.objects.filter(code__iexact=code).first()
        if existing is not None:
            raise _refuse(f"Đã có cơ quan mang chữ viết tắt “{existing.code}” ({existing.name}).")
        agency = Agency(**fields)
        try:
            agency.full_clean()
        except ValidationError as error:
            problems = "; ".join(
                f"{Agency._meta.get_field(name).verbose_name}: {' '.join(messages)}"
                for name, messages in error.message_dict.items()
            )
            raise _refuse(f"Thông tin cơ quan chưa hợp lệ – {problems}") from None

        if not username:
            raise _refuse("Tên đăng nhập của Văn phòng Sở không được để trống.")
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError as error:
            raise _refuse(f"Tên đăng nhập “{username}” không hợp lệ: {_messages(error)}") from None
        if User.objects.filter(username__iexact=username).exists():
            raise _refuse(f"Tên đăng nhập “{username}” đã có người dùng; hãy chọn tên khác.")
        user = User(username=username, email=email)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise _refuse(f"Địa chỉ thư điện tử “{email}” không hợp lệ.") from None

        given = os.environ.get(PASSWORD_ENV, "")
        if given:
            try:
                validate_password(given, user=user)
            except ValidationError as error:
                raise _refuse(f"Mật khẩu trong biến môi trường {PASSWORD_ENV} chưa đạt yêu cầu: {_messages(error)}") from None
            password = given
        else:
            password = generate_password(user)

        try:
            with transaction.atomic():
                agency.save()
                user.set_password(password)
                user.save()
                Membership.objects.create(user=user, agency=agency, role=Role.OFFICE)
                # Its holder got the password from someone else: changed at the first sign-in.
                require_change(user)
        except IntegrityError:  # created by someone else between the checks and the save
            raise _refuse(
                f"Chữ viết tắt “{code}” hoặc tên đăng nhập “{username}” vừa được dùng cho một cơ quan, tài khoản khác."
            ) from None

        out = self.stdout
        out.write(self.style.SUCCESS(
            f"Đã tạo cơ quan “{agency.name}” (chữ viết tắt {agency.code}, thuộc {agency.parent_authority})."
        ))
        out.write(f"Đã tạo tài khoản “{user.username}” với vai trò Văn phòng Sở của {agency.name}.")
        if given:
            out.write(f"Mật khẩu: lấy từ biến môi trường {PASSWORD_ENV} (không in ra).")
        else:
            out.write(f"Mật khẩu (chỉ hiển thị một lần này): {password}")
            out.write(self.style.WARNING(
                "Hãy chuyển mật khẩu cho người dùng qua kênh an toàn; cổng yêu cầu người dùng đổi mật khẩu ngay khi "
                "đăng nhập lần đầu (trang “Đổi mật khẩu”)."
            ))
        out.write(
            "Tiếp theo: Văn phòng Sở đăng nhập /quan-tri/, thêm phòng, đơn vị, cán bộ của cơ quan và giao vai trò "
            "trong cơ quan cho người của mình."
        )
