"""The Vietnamese catalogue is complete: every message of the code is in locale/vi/LC_MESSAGES/django.po
and translated there (no empty, no fuzzy guess). A message added without `make messages` (a model's
verbose name, a template string) would otherwise show in English to the user."""

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command

PO = settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")


def msgids(po_text: str) -> set[str]:
    """The msgids of a catalogue (continued lines joined), the header excluded."""
    ids, current = set(), None
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current = line[6:].strip('"')
        elif current is not None and line.startswith('"'):
            current += line.strip('"')
        else:
            if current:
                ids.add(current)
            current = None
    if current:
        ids.add(current)
    return ids


def statistics(po) -> str:
    return subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True,
                          text=True, check=True).stderr.strip()


def test_the_catalogue_has_every_message_of_the_code_translated(tmp_path, settings, monkeypatch):
    # makemessages as `make messages` runs it, on a tree of links to the code with a copy of the catalogue:
    # it writes to the catalogue beside the files it reads, and the committed one must be left alone.
    committed = PO.read_text()
    tree = tmp_path / "tree"
    tree.mkdir()
    for entry in settings.BASE_DIR.iterdir():
        if entry.name not in {"locale", ".venv", "var", ".git"}:
            (tree / entry.name).symlink_to(entry)
    shutil.copytree(settings.BASE_DIR / "locale", tree / "locale")
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["vi"], ignore_patterns=[".venv", "var"], no_obsolete=True, symlinks=True,
                 verbosity=0)
    extracted = tree / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    assert PO.read_text() == committed

    missing = msgids(extracted.read_text()) - msgids(PO.read_text())

    assert missing == set(), f"run `make messages` and translate: {sorted(missing)}"
    assert re.fullmatch(r"\d+ translated messages\.", statistics(PO)), statistics(PO)


def test_the_checker_sees_a_message_missing_from_the_catalogue():
    po = 'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "counted at"\nmsgstr "tính lúc"\n\nmsgid ""\n"dashboard "\n"figures"\nmsgstr ""\n'

    assert msgids(po) == {"counted at", "dashboard figures"}


@pytest.mark.django_db
def test_an_admin_form_with_an_error_says_so_in_vietnamese(client):
    from tests.factories import office_user

    client.force_login(office_user(username="vanphong"))

    response = client.post("/quan-tri/campaign/unit/add/", {"name": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Vui lòng sửa các lỗi được chỉ ra bên dưới." in page
    assert "Please correct" not in page
