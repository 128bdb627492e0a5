""""Việc cần làm" in the browser (issue 15 item 1): each demo role sees its lines with the right counts first on
the home page, the navigation's count on every page (rendered on the home page, fetched elsewhere), clicks a
line and lands where the work is done. Screenshots at 1280 and 390 px per role in /tmp/shots/t/."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from campaign import todo

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/t")

# Who, the line they click, and what the page they land on says.
ROLES = (
    ("donvi.khuyencong", "dossiers.returned", re.compile("hồ sơ", re.I)),
    ("donvi.congnghiep", None, None),
    ("vanphong", "dossiers.to_check", re.compile("hồ sơ", re.I)),
    ("giamdoc", "awards.decisions_to_sign", re.compile("quyết định", re.I)),
    ("thanhtra", "dossiers.new", re.compile("hồ sơ", re.I)),
    ("bcd.tinh", "province.received", re.compile("tờ trình", re.I)),
)


@pytest.fixture
def demo_world(demo_data):
    for name in ("seed_demo_review", "seed_demo_awards", "seed_demo_province"):
        call_command(name, quiet=True)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_each_role_sees_its_todo_with_counts_and_follows_a_line(browser, live_server, demo_world, login):
    users = get_user_model().objects
    for username, key, landing in ROLES:
        expected = todo.compute(users.get(username=username))
        assert expected, f"{username} has nothing to do in the demo"
        total = sum(item.count for item in expected)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, live_server, username)
        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Việc cần làm")
        assert page.title().startswith("Việc cần làm - Cổng thi đua - ")
        # Every line with its count, in the order computed, before the plans (folded).
        rows = page.locator("#viec-can-lam .todo-item")
        expect(rows).to_have_count(len(expected))
        for row, item in zip(rows.all(), expected, strict=True):
            assert row.get_attribute("id") == item.dom_id
            expect(row.locator(".todo-label")).to_have_text(item.label)
            expect(row.locator(".todo-count")).to_have_text(str(item.count))
        expect(page.locator("#plans")).not_to_have_attribute("open", "")
        # The navigation's count, in the bar at 1280 px: the Director's name and the logout fit on it.
        expect(page.locator("#nav-todo-count")).to_have_text(str(total))
        expect(page.locator("#banner")).to_be_visible()
        name_box = page.locator("#nav .navbar-text").first.bounding_box()
        assert name_box["x"] + name_box["width"] <= 1280
        nav_overflows = page.evaluate("() => document.querySelector('nav .container-xxl').scrollWidth > 1280")
        assert not nav_overflows
        _shot(page, f"{username}-1280")

        # Another page fetches the count after it is shown.
        page.locator("#footer").scroll_into_view_if_needed()
        other = "/tinh/to-trinh/" if username == "bcd.tinh" else "/ho-so/"
        page.goto(f"{live_server.url}{other}")
        expect(page.locator("#nav-todo-count")).to_have_text(str(total))

        # At 390 px the count sits beside the menu button.
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/")
        expect(page.locator("#nav-todo-count-small")).to_be_visible()
        expect(page.locator("#nav-todo-count-small")).to_have_text(str(total))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        _shot(page, f"{username}-390")

        if key is not None:
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(f"{live_server.url}/")
            item = next(item for item in expected if item.key == key)
            page.locator(f"#{item.dom_id}").click()
            page.wait_for_load_state()
            target = urlsplit(item.url)
            assert urlsplit(page.url).path == target.path and urlsplit(page.url).query == target.query
            expect(page.get_by_role("heading", level=1).first).to_contain_text(landing)
            _shot(page, f"{username}-landed")
        context.close()
