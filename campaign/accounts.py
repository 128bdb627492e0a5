"""Logins for an agency's people, given by its office (DESIGN.md: the deployment's administrator adds an agency
and its first office login, nothing else; every other login of the agency comes from its office).

The office issues a login to a staff member who has none (one at a time, or to many at once from the list of
staff), links a login its agency already has (a role holder's) to their staff record, and sets a new password
for a login that holds no role. A password made here is random, shown once to the office, who hands it over;
its holder must change it at the first sign-in (campaign/passwords.py). A login that holds a role (office,
Director, inspection board, steering committee) or administers the deployment is looked after by the
deployment's administrator only: otherwise an office could take over its Director's login."""

import secrets
import string
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from core.errors import DomainError

from .models import StaffMember
from .passwords import require_change
from .rules import ROLE_LOGIN, ensure, login_holds_no_role, people_of_agencies

# No characters that read alike on paper (0/O, 1/l/I): the password is handed over, often printed.
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 20


def generate_password(user) -> str:
    """A random password that passes the deployment's validators (20 characters: about 116 bits)."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        try:
            validate_password(password, user=user)
        except ValidationError:  # pragma: no cover - vanishingly rare for 20 random characters
            continue
        return password


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return "".join(c for c in plain.lower() if c.isascii() and (c.isalnum() or c == " "))


def _base_username(staff: StaffMember) -> str:
    words = _ascii(staff.full_name).split() or ["canbo"]
    parts = (words[-1], "".join(w[0] for w in words[:-1]), _ascii(staff.unit.agency.code).replace(" ", ""))
    return ".".join(part for part in parts if part)[:140]


def suggested_usernames(staff_members) -> dict[int, str]:
    """A free username for each staff member (by pk), in one query whatever their number: given name, initials
    of the rest, the agency's code ("Nguyễn Văn An" of SCT is "an.nv.sct"), with a number added while the name
    is taken, in the database or earlier in the same list."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    bases = {staff.pk: _base_username(staff) for staff in staff_members}
    if not bases:
        return {}
    like = reduce(or_, (Q(username__istartswith=base) for base in set(bases.values())))
    taken = {name.lower() for name in get_user_model().objects.filter(like).values_list("username", flat=True)}
    names = {}
    for pk, base in bases.items():
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}{number}"
        taken.add(candidate)
        names[pk] = candidate
    return names


def suggested_username(staff: StaffMember) -> str:
    return suggested_usernames([staff])[staff.pk]


def split_name(full_name: str) -> tuple[str, str]:
    """(first_name, last_name) of a Vietnamese name: the given name is the last word."""
    family, _, given = full_name.strip().rpartition(" ")
    return given[:150], family[:150]


@dataclass(frozen=True)
class Issued:
    staff: StaffMember
    username: str
    password: str


def _locked_staff(staff: StaffMember) -> StaffMember:
    """The staff row, locked: two offices' clicks on one person are served one after the other. Its login is
    read afterwards, by a statement of its own: a login joined into the locking statement would be read as of
    before the wait, so a login made meanwhile would show as an id with no row."""
    return StaffMember.objects.select_for_update(of=("self",)).select_related("unit__agency").get(pk=staff.pk)


def check_username(username: str) -> str:
    """The username, stripped, if it is well formed and free; else a refusal saying why."""
    User = get_user_model()
    username = username.strip()
    if not username:
        raise DomainError("Hãy nhập tên đăng nhập.")
    try:
        User._meta.get_field("username").run_validators(username)
        ASCIIUsernameValidator()(username)  # typed on any keyboard, with no question of how a diacritic is encoded
    except ValidationError:
        raise DomainError(
            f"Tên đăng nhập “{username}” không hợp lệ: chỉ dùng chữ không dấu, chữ số và các ký tự . @ + - _ "
            "(tối đa 150 ký tự)."
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"Tên đăng nhập “{username}” đã có người dùng; hãy chọn tên khác.")
    return username


def issue_login(*, by, staff: StaffMember, username: str, email: str = "") -> Issued:
    """A new login for a staff member who has none, with a random password shown once."""
    ensure(by, "campaign.manage_login", staff)
    username = check_username(username)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(f"Địa chỉ thư điện tử “{email}” không hợp lệ.") from None
    User = get_user_model()
    try:
        with transaction.atomic():
            staff = _locked_staff(staff)
            if staff.user_id is not None:
                raise DomainError(f"{staff.full_name} đã có tài khoản “{staff.user.username}”.")
            if not staff.is_active:
                raise DomainError(f"{staff.full_name} không còn công tác tại cơ quan; không cấp tài khoản.")
            first_name, last_name = split_name(staff.full_name)
            user = User(username=username, email=email, first_name=first_name, last_name=last_name)
            password = generate_password(user)
            user.set_password(password)
            user.save()
            staff.user = user
            staff.save(update_fields=["user"])
            require_change(user)
    except IntegrityError:  # the same name taken by someone else between the check and the save
        raise DomainError(f"Tên đăng nhập “{username}” vừa được dùng cho tài khoản khác; hãy chọn tên khác.") from None
    return Issued(staff=staff, username=user.username, password=password)


def login_refused(staff: StaffMember) -> str:
    """Why the staff member gets no new login ("" if they may get one)."""
    if staff.user_id is not None:
        return f"đã có tài khoản “{staff.user.username}”"
    if not staff.is_active:
        return "không còn công tác tại cơ quan"
    return ""


def plan_logins(staff_members) -> tuple[list[tuple[StaffMember, str]], list[tuple[StaffMember, str]]]:
    """Who of `staff_members` would get a login and under which suggested name, and who not and why: what the
    office confirms before the logins are made, and what they are made from."""
    planned, skipped = [], []
    staff_members = list(staff_members)
    names = suggested_usernames([staff for staff in staff_members if not login_refused(staff)])
    for staff in staff_members:
        if staff.pk in names:
            planned.append((staff, names[staff.pk]))
        else:
            skipped.append((staff, login_refused(staff)))
    return planned, skipped


def issue_logins(*, by, staff_members) -> tuple[list[Issued], list[tuple[StaffMember, str]]]:
    """Logins with suggested names for every staff member chosen who has none; (issued, skipped with why).
    Each is its own step: one that is refused does not undo the others."""
    planned, skipped = plan_logins(staff_members)
    issued = []
    for staff, username in planned:
        try:
            issued.append(issue_login(by=by, staff=staff, username=username))
        except DomainError as error:
            skipped.append((staff, error.message))
    return issued, skipped


def link_login(*, by, staff: StaffMember, username: str) -> None:
    """Link a login the agency already has (a role holder's, with no staff record yet) to a staff member."""
    ensure(by, "campaign.manage_login", staff)
    username = username.strip()
    with transaction.atomic():
        staff = _locked_staff(staff)
        if staff.user_id is not None:
            raise DomainError(f"{staff.full_name} đã có tài khoản “{staff.user.username}”.")
        login = (
            people_of_agencies([staff.unit.agency_id])
            .filter(username__iexact=username, staff_member__isnull=True)
            .first()
        )
        if login is None:
            raise DomainError(
                f"Không có tài khoản “{username}” giữ vai trò trong {staff.unit.agency.name} mà chưa gắn với cán bộ "
                "nào. Cán bộ chưa có tài khoản thì chọn “Cấp tài khoản”."
            )
        staff.user = login
        try:
            staff.clean()  # one agency per login
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from None
        staff.save(update_fields=["user"])


def reset_password(*, by, staff: StaffMember) -> Issued:
    """A new random password for the staff member's login, shown once; the holder changes it at the next
    sign-in, every session of theirs ends (Django's session hash), and a lock-out for wrong passwords is lifted."""
    from axes.utils import reset as unlock

    with transaction.atomic():
        staff = _locked_staff(staff)
        user = staff.user
        if user is None:
            raise DomainError(f"{staff.full_name} chưa có tài khoản; hãy chọn “Cấp tài khoản”.")
        ensure(by, "campaign.reset_password", staff, message=None if login_holds_no_role(by, staff) else ROLE_LOGIN)
        password = generate_password(user)
        user.set_password(password)
        user.save(update_fields=["password"])
        require_change(user)
    unlock(username=user.username)
    return Issued(staff=staff, username=user.username, password=password)
