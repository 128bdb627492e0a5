"""No admin page links a role to an admin page that refuses it. Django's admin links a read-only foreign key to
the related object's page and a changelist's row to its page without asking our rules; a link that answers 403
or 404 is a dead end for the person who follows it (the committee's allocation page did so). Walked in the
permission matrix's world, for every role that enters the admin, from every admin page the matrix lets it open;
each kind of link (its path with the numbers taken out) is followed once per role."""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.security.test_permission_matrix import EXPECTED, table_urls
from tests.security.world import ROLES, FreshSessions, build_world

pytestmark = pytest.mark.django_db

ADMIN_ROLES = ("office", "inspector", "director", "committee")
HREF = re.compile(r'href="([^"#]+)"')
# Leaving the admin, or files and prints (their own tests): not pages to walk.
NOT_WALKED = re.compile(r"/logout/|/password_change/|\.(pdf|docx|xlsx|zip|csv)$|/tai-xuong|/jsi18n/")


def _admin_links(page_url: str, html: str) -> set[str]:
    links = set()
    for href in HREF.findall(html.replace("&amp;", "&")):
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/quan-tri/") or NOT_WALKED.search(parts.path):
            continue
        links.add(parts.path)  # a filter or a sort of the same page is the same page
    return links


def test_no_admin_page_links_a_role_to_an_admin_page_that_refuses_it(client, make_pdf):
    world = build_world(make_pdf)
    urls = table_urls(world)
    sessions = FreshSessions(client)
    dead = []
    for role in ADMIN_ROLES:
        column = ROLES.index(role)
        sessions.sign_in(world.users[role])
        pages = [urls[(method, name)] for (method, name), (_, statuses) in EXPECTED.items()
                 if method == "GET" and name.startswith("admin:") and statuses[column] == 200]
        followed = set()
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, (role, page)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue  # a file (a form template, a print): its own tests
            for link in sorted(_admin_links(page, response.content.decode())):
                kind = re.sub(r"/\d+/", "/N/", link)
                if kind in followed:
                    continue
                followed.add(kind)
                status = client.get(link).status_code
                if status in (403, 404):
                    dead.append((role, page, link, status))
    assert dead == []
