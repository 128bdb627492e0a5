"""How the office's screens name people and files: a person by their name (the staff record's full name,
else the account's names in Vietnamese order, the username only as a last resort), a file by its name,
its size in KB/MB and the first 12 hex digits of its SHA-256 (the full hash on hover)."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html

from core.uploads import human_size

SHORT_HASH = 12


def person_name(user) -> str:
    """Select `<fk>__staff_member` with the user to name a list of people without a query each."""
    if user is None:
        return "—"
    try:
        staff = user.staff_member
    except ObjectDoesNotExist:  # an office account without a staff record
        staff = None
    if staff is not None and staff.full_name:
        return staff.full_name
    # Vietnamese order: family name first (get_full_name() would put the given names first).
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_full_name() or user.get_username()


def short_hash(sha256: str):
    if not sha256:
        return "—"
    return format_html('<code title="SHA-256: {}">{}…</code>', sha256, sha256[:SHORT_HASH])


def file_size(size: int | None) -> str:
    return "—" if size is None else human_size(size)


def short_person_name(full_name: str) -> str:
    """A narrow column header: the given name with the initials before it ("Nguyễn Thị Minh Khai" ->
    "N.T.M. Khai"); the full name goes in the header's title."""
    words = (full_name or "").split()
    if len(words) <= 1:
        return full_name or ""
    return "".join(f"{word[0]}." for word in words[:-1]) + " " + words[-1]
