"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Without a browser the tests skip with the reason; `.ci/run` sets E2E_REQUIRED=1 so that a missing
browser fails the run instead of passing it silently.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# The sync Playwright API keeps an event loop on the test thread; Django would otherwise refuse the
# test's own ORM queries (SynchronousOnlyOperation) although they never run inside that loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "ThiDua@2023"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _unavailable(reason: str):
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(f"{reason} (E2E_REQUIRED=1: browser tests are required)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot of what the user sees to screenshots/<name>.png."""

    def save(name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploaded files go to a per-test folder, not to var/private; returns that folder."""
    location = tmp_path / "e2e-private"
    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location)},
    }
    settings.STORAGES = {**settings.STORAGES, "private": storage, "default": storage}
    return location


@pytest.fixture
def demo_data(transactional_db, settings, private_media):
    """The demo agency, staff, logins and the current-year demo campaign, in the live server's database."""
    # Before seeding, so the demo passwords are hashed (and checked at login) quickly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", quiet=True)


@pytest.fixture
def login():
    """Log in through the login page, as a user does: login(page, live_server, "donvi.congnghiep")."""

    def log_in(page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
        from playwright.sync_api import expect

        page.goto(f"{live_server.url}/dang-nhap/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    return log_in
