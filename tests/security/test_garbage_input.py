"""Garbage in every form of the permission matrix's table, as every role: never a 5xx.

For each URL of tests/security/test_permission_matrix.py's table (portal pages, admin add/change pages,
the office's admin pages, admin actions), each role first opens the page, then posts to every form found
there, every field filled with the same garbage: not a number where an id is expected, a NUL character,
a 100 kB string, impossible dates, an integer too large for the database, nothing at all. POST-only
URLs get the fields of the forms that post to them elsewhere. The answer may be a form error, 400, 403,
404 or a redirect; never a server error.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.test import Client

from tests.security.test_permission_matrix import EXPECTED
from tests.security.world import ROLES, FreshSessions, build_world

pytestmark = pytest.mark.django_db

GARBAGE = {
    "not a number": "abc",
    "negative": "-1",
    "too large for the database": "9" * 30,
    "NUL": "tên\x00rác",
    "100 kB": "Đ" * 100_000,
    "31/02/2023": "31/02/2023",
    "99/99/9999": "99/99/9999",
    "impossible ISO date": "2023-02-31",
    "empty": "",
}
# Pages whose POST ends the session or deletes on any body (a delete confirmation carries no data).
SKIPPED = ("/dang-xuat/",)


class FormParser(HTMLParser):
    """The forms of a page: (method, action, field names)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str | None, set[str]]] = []
        self._current: tuple[str, str | None, set[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = ((attrs.get("method") or "get").lower(), attrs.get("action"), set())
            self.forms.append(self._current)
        elif tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            fields = self._current[2] if self._current else (self.forms.append(("post", None, set())) or self.forms[-1][2])
            if attrs["name"] != "csrfmiddlewaretoken":
                fields.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_of(response, url: str) -> list[tuple[str, set[str]]]:
    """The POST forms of a page, with their target path."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(response.content.decode())
    found = []
    for method, action, fields in parser.forms:
        target = urlsplit(urljoin(url, action or url))
        if method == "post" and not target.netloc:
            found.append((target.path, fields))
    return found


# The walk is split by role between this module and test_garbage_input_office.py, so that the test runner's two
# workers (one module each at a time) share it: walked in one test it was the suite's longest by far.
# The office and the Director see most admin pages: about half the walk between them.
OFFICE_SIDE = ("office", "director")
OTHER_SIDE = tuple(role for role in ROLES if role not in OFFICE_SIDE)


def test_garbage_in_every_form_never_gives_a_server_error_for_visitors_staff_board_and_committee(make_pdf):
    walk(make_pdf, OTHER_SIDE)


def walk(make_pdf, roles):
    """Every form each of `roles` is shown, and every POST-only URL and admin action, posted with garbage."""
    world = build_world(make_pdf)
    objects = {
        name: apps.get_model(name.split(":")[1]).objects.first().pk
        for (_method, name), (path, _) in EXPECTED.items()
        if name.startswith("admin:") and "{obj}" in path
    }
    urls = {(method, name): path.format(**world.ids, obj=objects.get(name, "")) for (method, name), (path, _) in EXPECTED.items()}
    client = Client(raise_request_exception=False)
    sessions = FreshSessions(client)
    errors = []

    def post(role, url, data, what):
        if url.startswith(SKIPPED) or url.endswith("/delete/"):
            return
        sessions.sign_in(world.users[role])
        response = client.post(url, data)
        if response.status_code >= 500:
            exc = response.exc_info[1] if response.exc_info else None
            errors.append((role, url, what, f"{type(exc).__name__}: {str(exc)[:120]}"))

    for role in roles:
        sessions.sign_in(world.users[role])
        # The forms each role is shown, by the path they post to.
        targets: dict[str, set[str]] = {}
        for (method, _name), url in urls.items():
            if method == "GET":
                for path, fields in forms_of(client.get(url), url):
                    targets.setdefault(path, set()).update(fields)
        # POST-only URLs of the table get the fields posted to them from other pages (or a few usual ones).
        for (method, _name), url in urls.items():
            if method == "POST":
                targets.setdefault(url, {"note", "reason", "text", "nomination", "approval", "feedback", "date"})
        for path, fields in targets.items():
            for what, value in GARBAGE.items():
                post(role, path, dict.fromkeys(fields, value), what)
        # Every admin action, run with garbage ids and garbage in its intermediate page's fields.
        for (method, name), url in urls.items():
            if method == "ACTION":
                action = name.split(":")[2]
                for what, value in GARBAGE.items():
                    data = {"action": action, "index": value, "_selected_action": [value], "apply": value,
                            "post": "yes", "note": value, "reason": value, "due_date": value}
                    if action == "delete_selected" and what != "not a number":
                        continue
                    post(role, url, data, what)

    assert errors == []


# The 500s the walk above found, one behaviour each ------------------------------------------------------------


def test_an_admin_action_on_an_id_that_is_not_a_number_is_refused_with_a_message(client):
    from campaign.admin_base import BAD_SELECTION
    from tests.factories import office_user

    client.force_login(office_user(username="vanphong"))

    response = client.post(
        "/quan-tri/campaign/unit/", {"action": "delete_selected", "index": "0", "_selected_action": ["abc"]}, follow=True
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [BAD_SELECTION]


def test_an_edited_list_row_with_an_id_too_large_for_the_database_is_refused_with_a_message(client):
    from campaign.admin_base import BAD_SELECTION
    from tests.factories import office_user

    client.force_login(office_user(username="vanphong"))
    rows = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": "9" * 30, "form-0-display_order": "1"}

    response = client.post("/quan-tri/campaign/unit/", {**rows, "_save": "Lưu"}, follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [BAD_SELECTION]


def test_a_many_to_many_choice_too_large_for_the_database_is_a_form_error():
    from django.core.exceptions import ValidationError

    from campaign.admin_base import BoundedModelMultipleChoiceField
    from campaign.models import Unit

    field = BoundedModelMultipleChoiceField(queryset=Unit.objects.all())

    with pytest.raises(ValidationError) as error:
        field.clean(["9" * 30])

    assert error.value.code == "invalid_pk_value"
