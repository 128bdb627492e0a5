"""No page asks the database once per row. Walked in the permission matrix's world: every page (portal and
admin) that each role may open, its statements captured. A statement that comes back three times or more with
only its values changed is read once per row (a unit per staff member of an inline, a member per vote); the
walk fails and names the lines of our code that asked. Twice is let pass: Django's change lists count twice
(the filtered and the whole list) and a page may read one kind of row for two of its fields.

Not walked: Django's delete confirmations, which name every row that would go, one at a time (a board's
members). What they read is bounded: a delete that the user could not finish is refused before any row is
read (campaign.admin_base._kinds_refused), so a running campaign's thousands of dossiers are never listed."""

import re
import traceback
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.db import connection

from tests.security.test_permission_matrix import EXPECTED, table_urls
from tests.security.world import ROLES, FreshSessions, build_world

pytestmark = pytest.mark.django_db

LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
IN_LIST = re.compile(r"IN \((?:\s*%s\s*,?)+\)")
ALLOWED_REPEATS = 2
ROOT = Path(__file__).resolve().parents[2]


def shape(sql: str) -> str:
    """The statement with its values taken out."""
    return IN_LIST.sub("IN (...)", LITERAL.sub("?", sql))


class Recorder:
    """Counts each shape of statement a request sends, and where in the portal's code the repeats come from."""

    def __init__(self):
        self.shapes = Counter()
        self.where = defaultdict(set)

    def __call__(self, execute, sql, params, many, context):
        key = shape(sql)
        self.shapes[key] += 1
        if self.shapes[key] > 1:
            ours = [f"{Path(f.filename).relative_to(ROOT)}:{f.lineno}" for f in traceback.extract_stack()
                    if Path(f.filename).is_relative_to(ROOT) and not Path(f.filename).is_relative_to(ROOT / "tests")
                    and ".venv" not in f.filename]
            self.where[key].add(" < ".join(reversed(ours[-4:])))
        return execute(sql, params, many, context)


def test_no_page_asks_the_database_once_per_row(client, make_pdf):
    world = build_world(make_pdf)
    urls = table_urls(world)
    sessions = FreshSessions(client)
    per_row, walked = [], 0
    for role in ROLES:
        column = ROLES.index(role)
        sessions.sign_in(world.users[role])
        for (method, name), (_, statuses) in EXPECTED.items():
            if method != "GET" or statuses[column] != 200 or name.endswith(":delete"):
                continue
            page = urls[(method, name)]
            recorder = Recorder()
            with connection.execute_wrapper(recorder):
                response = client.get(page)
            assert response.status_code == 200, (role, page)
            walked += 1
            for sql, times in recorder.shapes.items():
                if times > ALLOWED_REPEATS and not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
                    per_row.append((role, page, times, sql[:160], sorted(recorder.where[sql])[:3]))
    assert walked > 300  # every role's pages, not an empty walk
    assert per_row == []
