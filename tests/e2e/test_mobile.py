"""Every staff page usable on a phone (issue 15, item 5): at 390 px and at 1280 px the document never
scrolls sideways, and the page's links and buttons (the link into a dossier above all) lie inside the
viewport's width. Screenshots of each page at both widths go to /tmp/shots/o/ (looked at by hand)."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/o")
WIDTHS = (390, 1280)

# (login, pages): "@dossier" is the first dossier the list links to (followed through its "Mở hồ sơ").
PAGES = {
    "donvi.khuyencong": ["/", "/ho-so/", "@dossier", "/ho-so/tao-moi/", "/cong-khai/", "/khen-thuong/giay-khen/",
                         "/thuc-hien/", "/thi-dua/"],
    "donvi.congnghiep": ["/", "/ho-so/", "@dossier", "/thuc-hien/", "/thi-dua/", "/hoi-dong/bieu-quyet/"],
    "vanphong": ["/", "/ho-so/", "@dossier", "/bang-theo-doi/", "/khen-thuong/quyet-dinh/", "/cong-khai/",
                 "/giam-sat/", "/kien-nghi/", "/thi-dua/", "/khen-thuong/so-khen-thuong/", "/nhap-don-vi-can-bo/"],
}

OFF_SCREEN = """() => {
  const width = innerWidth, out = [];
  for (const el of document.querySelectorAll('main a.btn, main button.btn, main input[type=submit], main table a')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.left < -1 || box.right > width + 1) out.push((el.textContent || el.value).trim().slice(0, 40));
  }
  return out;
}"""


@pytest.fixture
def phone_world(demo_data):
    call_command("seed_demo_review", quiet=True)


def _context(browser, width):
    return browser.new_context(locale="vi-VN", viewport={"width": width, "height": 844 if width < 600 else 900})


def _log_in(page, live_server, username):
    from playwright.sync_api import expect

    from tests.e2e.conftest import DEMO_PASSWORD

    page.goto(f"{live_server.url}/dang-nhap/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # On a phone the menu (and its "Đăng xuất") is folded: logged in is the login form gone.
    expect(page.locator("#id_password")).to_have_count(0)


def _open(page, live_server, path):
    if path != "@dossier":
        return page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/ho-so/")
    link = page.get_by_role("link", name="Mở hồ sơ").first
    box, width = link.bounding_box(), page.evaluate("innerWidth")
    # The way into a dossier is on screen without scrolling sideways, at every width.
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
    return page.goto(f"{live_server.url}{link.get_attribute('href')}")


@pytest.mark.parametrize("username", sorted(PAGES))
def test_staff_pages_fit_a_phone_and_a_desktop(browser, live_server, phone_world, username):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        context = _context(browser, width)
        page = context.new_page()
        try:
            _log_in(page, live_server, username)
            for path in PAGES[username]:
                response = _open(page, live_server, path)
                assert response.status == 200, (username, path, response.status)
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    problems.append(f"{username} {path} @{width}: the page is {scroll_width} px wide")
                off = page.evaluate(OFF_SCREEN)
                if off:
                    problems.append(f"{username} {path} @{width}: off screen: {off}")
                name = re.sub(r"[^a-z0-9]+", "-", path.strip("/@")) or "home"
                page.screenshot(path=str(SHOTS / f"{username}-{name}-{width}.png"), full_page=True)
        finally:
            context.close()
    assert problems == []


def test_the_dossier_list_becomes_one_card_per_row_on_a_phone(browser, live_server, phone_world):
    context = _context(browser, 390)
    page = context.new_page()
    try:
        _log_in(page, live_server, "vanphong")
        page.goto(f"{live_server.url}/ho-so/")
        table = page.locator("table.table-stack").first
        assert table.count() == 1
        first_state = table.locator("tbody tr").first.locator("td").nth(2)
        assert first_state.get_attribute("data-label") == "Trạng thái"
        assert table.locator("thead").bounding_box()["height"] <= 1  # headers read as labels instead
        # At 1280 px the same page is an ordinary table.
        page.set_viewport_size({"width": 1280, "height": 900})
        assert table.locator("thead").bounding_box()["height"] > 20
    finally:
        context.close()


def test_the_vote_grid_fits_1280_with_the_names_column_kept_in_view(browser, live_server, phone_world):
    from django.contrib.auth.models import User

    from awards.review import council
    from awards.review import services as review
    from campaign.models import Campaign
    from core.time import local_today

    campaign = Campaign.objects.get(number="02/KH-SCT-DEMO")
    members = list(council.council_members(campaign))
    meeting = review.create_meeting(campaign=campaign, level="grassroots", held_on=local_today(), present=members,
                                    by=User.objects.get(username="vanphong"))
    context = _context(browser, 1280)
    page = context.new_page()
    try:
        _log_in(page, live_server, "vanphong")
        page.goto(f"{live_server.url}/quan-tri/awards/councilmeeting/{meeting.pk}/bieu-quyet/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        headers = page.locator("#vote-grid thead th.vg-member")
        assert headers.count() == len(members)
        for index, member in enumerate(sorted(members, key=lambda m: m.full_name)):
            assert headers.nth(index).get_attribute("title").startswith(member.full_name)
        frame = page.locator(".vote-grid-scroll")
        frame.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        name_cell = page.locator("#vote-grid tbody th.vg-name").first
        assert name_cell.bounding_box()["x"] >= frame.bounding_box()["x"] - 1  # sticky: still in view
        assert page.get_by_role("button", name="Lưu phiếu biểu quyết").is_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "vanphong-vote-grid-1280.png"), full_page=True)
    finally:
        context.close()
