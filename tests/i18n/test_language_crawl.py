"""Vietnamese everywhere (issue 15): every page each role can open, in the portal and the admin, read as
the person reads it (tags, scripts and styles stripped; option labels, button values, titles and
placeholders kept) holds no English interface word, no raw state code and no ISO/UTC time.

The pages are those of the permission matrix (tests/security/test_permission_matrix.py) that answer 200
for the role, in the world that matrix walks, plus each admin model's simple-history record and the
admin's JavaScript catalogue (jsi18n). A failure prints the role, the page and the offending snippets.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin

from tests.factories import office_user
from tests.security.test_permission_matrix import EXPECTED
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

# English interface words (Django's admin, its widgets, django-otp, simple-history), matched as whole words
# with their case: "Add" is an English button, "add" inside a file name is not looked at (URLs are not text).
ENGLISH_WORDS = (
    "Choose", "Select", "Add", "Save", "Delete", "History", "Filter", "Search", "None", "Yes", "No", "Today",
    "Now", "Action", "Go", "Clear", "Show", "Hide", "devices", "device", "TOTP", "Change", "View", "Remove",
    "Home", "Log out", "Welcome", "Password", "Username", "Object", "Date/time", "Comment", "Changed by",
    "Revert", "Created", "Changed", "Deleted", "entries", "entry", "selected", "Unknown", "All", "Any date",
    "Past 7 days", "This month", "This year", "Midnight", "Noon", "Cancel", "Close", "Submit", "Back",
    "Edit", "Name", "Key", "Confirmed", "Throttling", "by selecting them", "Available", "Chosen",
)
# Proper names and abbreviations that are not interface English.
ALLOWED = {"PDF", "QR", "DOCX", "XLSX", "Excel", "Word", "OTP", "Google Authenticator", "Microsoft Authenticator"}

# A label or phrase written in plain ASCII letters is English (Vietnamese words carry diacritics), except these.
ASCII_PHRASE = re.compile(r"^[A-Za-z][A-Za-z ,'’()/]*[A-Za-z):]$")
VIETNAMESE_WITHOUT_DIACRITICS = {"Xem trang web"}
EMPTY_CHOICE_MARK = "[lựa chọn trống của danh sách]:"
ISO_DATETIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")
ARROW_OF_CODES = re.compile(r"\b[a-z_]{3,}\s*(→|->)\s*[a-z_]{3,}\b")


def _choice_codes() -> set[str]:
    """Every stored code of a field with choices (states, votes, levels, kinds): shown raw, it is a bug."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]{2,}", value):
                    codes.add(value)
    return codes


class _VisibleText(HTMLParser):
    """The text a person reads: data outside script/style/template, plus the labels carried by attributes."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
            return
        attrs = dict(attrs)
        if tag == "option" and not attrs.get("value"):
            # A list's empty choice (the action bar's, a related row's, a choice's): Django's "---------"
            # says nothing.
            self.parts.append(EMPTY_CHOICE_MARK)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag in ("input", "button") and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            if self.parts and self.parts[-1] == EMPTY_CHOICE_MARK:
                self.parts[-1] += " " + data
            else:
                self.parts.append(data)


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [" ".join(part.split()) for part in parser.parts]


def offences(texts: list[str], codes: set[str]) -> list[str]:
    words = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(w) for w in ENGLISH_WORDS + tuple(sorted(codes)))
                       + r")(?![\w/.-])")
    found = []
    for text in texts:
        cleaned = text
        for name in ALLOWED:
            cleaned = re.sub(rf"\b{re.escape(name)}\b", " ", cleaned)
        hits = [m.group(0) for m in words.finditer(cleaned)]
        hits += [m.group(0) for m in ISO_DATETIME.finditer(cleaned)]
        hits += [m.group(0) for m in ARROW_OF_CODES.finditer(cleaned)]
        if text.startswith(EMPTY_CHOICE_MARK) and re.fullmatch(r"-{3,}", text[len(EMPTY_CHOICE_MARK):].strip()):
            hits.append("---------")
        if (ASCII_PHRASE.match(cleaned.strip()) and len(cleaned.split()) >= 2
                and cleaned.strip() not in VIETNAMESE_WITHOUT_DIACRITICS):
            hits.append(cleaned.strip())
        if hits:
            found.append(f"{hits} in «{text[:160]}»")
    return found


def test_the_checker_catches_what_issue_15_saw():
    codes = _choice_codes()
    html = """<p>Phiếu: agree</p><p>submitted → accepted</p><td>None</td><span>2026-11-30 17:09:18.251209+00:00</span>
              <h2>Choose thành viên dự họp by selecting them</h2><input type="submit" value="Go" title="Hoạt động">
              <script>gettext("Choose all")</script><p>Hồ sơ đã nộp lúc 17:09 30/11/2026 (PDF)</p>"""
    found = offences(visible_text(html), codes)
    assert len(found) == 6, found
    assert offences(["Renamed from:", "Xem trang web", "Hồ sơ (PDF)"], codes) == ["['Renamed from:'] in «Renamed from:»"]
    bar = '<label>Thao tác: <select name="action"><option value="">---------</option><option value="x">Xoá</option></select>'
    assert len(offences(visible_text(bar), codes)) == 1
    assert offences(visible_text(bar.replace("---------", "— Chọn thao tác —")), codes) == []
    unit = '<select name="unit"><option value="" selected>---------</option><option value="3">Phòng A</option></select>'
    assert len(offences(visible_text(unit), codes)) == 1
    assert not any("Choose all" in f or "Hồ sơ đã nộp" in f for f in found)


def _simple_history_urls(objects: dict[str, int]) -> dict[str, str]:
    """simple-history's record of one version of each admin model that keeps one (the page the history list links)."""
    urls = {}
    for model, model_admin in admin.site._registry.items():
        history = getattr(model, "history", None)
        if not hasattr(model_admin, "history_form_view") or history is None:
            continue
        record = model.history.order_by("history_id").first()
        if record is None:
            continue
        label = model._meta.label_lower
        urls[f"admin:{label}:history-record"] = (
            f"/quan-tri/{label.replace('.', '/')}/{record.id}/history/{record.history_id}/", f"admin:{label}:history"
        )
    return urls


def test_every_page_of_every_role_reads_in_vietnamese(client, make_pdf):
    world = build_world(make_pdf)
    codes = _choice_codes()
    objects = {name: apps.get_model(name.split(":")[1]).objects.first().pk
               for (_m, name), (path, _) in EXPECTED.items() if name.startswith("admin:") and "{obj}" in path}
    pages = [(name, path.format(**world.ids, obj=objects.get(name, "")), statuses)
             for (method, name), (path, statuses) in EXPECTED.items() if method == "GET"]
    # simple-history's page of one version: open to whoever may open the model's history.
    statuses_of = {name: statuses for (method, name), (_, statuses) in EXPECTED.items() if method == "GET"}
    for name, (url, like) in _simple_history_urls(objects).items():
        if like in statuses_of:
            pages.append((name, url, statuses_of[like]))
    problems, visited = [], 0
    # A page that breaks is reported with the others, not in place of them.
    client.raise_request_exception = False
    for index, role in enumerate(ROLES):
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        for name, url, statuses in pages:
            if statuses[index] != 200:
                continue
            response = client.get(url)
            if response.status_code != 200:
                problems.append(f"{role} {url} ({name}): answered {response.status_code}")
                continue
            if not response["Content-Type"].startswith("text/html"):
                continue
            visited += 1
            for offence in offences(visible_text(response.content.decode()), codes):
                problems.append(f"{role} {url} ({name}): {offence}")
    assert visited > 100
    assert problems == [], "\n" + "\n".join(problems)


def _admin_js_messages() -> set[str]:
    """Every string the admin's own JavaScript passes to gettext/ngettext (SelectFilter, calendars and
    clock, actions, inlines, the theme and the sidebar), read from Django's admin/js files."""
    import django

    folder = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "js"
    literal = r"""(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")"""
    call = re.compile(r"\b(gettext|gettext_noop|ngettext|pgettext)\(\s*" + literal + r"(?:\s*,\s*" + literal + r")?", re.S)
    found = set()
    for script in folder.rglob("*.js"):
        if "vendor" in script.parts or script.name.endswith(".min.js"):
            continue
        for match in call.finditer(script.read_text(encoding="utf-8")):
            first, second = match.group(2, 3), match.group(4, 5)
            # pgettext(context, msgid): the message is the second literal.
            pair = second if match.group(1) == "pgettext" else first
            msgid = pair[0] if pair[0] is not None else pair[1]
            found.add(msgid.replace("\\'", "'").replace('\\"', '"'))
    return found


def test_the_admin_javascript_catalogue_is_vietnamese(client):
    client.force_login(office_user())
    response = client.get("/quan-tri/jsi18n/")
    assert response.status_code == 200
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S).group(1))
    messages = _admin_js_messages()
    assert len(messages) > 40
    # pgettext keys are "context\x04msgid"; a plural's translation is a list.
    translated = {key.split("\x04")[-1] for key, value in catalog.items() if value}
    assert sorted(messages - translated) == []
    assert catalog["Today"] == "Hôm nay"
    assert catalog["January"] == "Tháng Một"
    assert catalog['Choose %s by selecting them and then select the "Choose" arrow button.'].startswith("Chọn %s")
