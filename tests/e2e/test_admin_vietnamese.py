"""The admin's widgets speak Vietnamese in the browser (issue 15): the two-box member chooser names the field
in Vietnamese, the calendar of a date field shows Vietnamese months and days and "Hôm nay", and the action
bar's empty choice says what to do; the office reads its whole list of dossiers at 1280 px."""

import pytest
from django.core.management import call_command

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips, or fails under E2E_REQUIRED=1, with the reason
    expect = None

pytestmark = pytest.mark.e2e

MONTHS = ("Tháng Một", "Tháng Hai", "Tháng Ba", "Tháng Tư", "Tháng Năm", "Tháng Sáu", "Tháng Bảy", "Tháng Tám",
          "Tháng Chín", "Tháng Mười", "Tháng Mười Một", "Tháng Mười Hai")


def test_the_office_reads_the_admin_widgets_in_vietnamese(page, live_server, demo_data, login, screenshot):
    login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/quan-tri/awards/councilmeeting/add/")
    chooser = page.locator(".selector")
    expect(chooser).to_contain_text("Có thể chọn: thành viên dự họp")
    expect(chooser).to_contain_text("Chọn thành viên dự họp bằng cách đánh dấu rồi bấm nút mũi tên “Chọn”.")
    expect(chooser).to_contain_text("Chọn tất cả thành viên dự họp")
    expect(page.locator(".field-held_on .datetimeshortcuts")).to_contain_text("Hôm nay")

    page.locator(".field-held_on .datetimeshortcuts a").last.click()  # the calendar icon
    calendar = page.locator(".calendarbox").first
    expect(calendar).to_be_visible()
    caption = calendar.locator("caption").inner_text().strip().lower()
    assert any(caption.startswith(month.lower()) for month in MONTHS), caption
    expect(calendar.locator("th").first).to_have_text("T2")  # weeks start on Monday (FIRST_DAY_OF_WEEK)
    expect(calendar).to_contain_text("Hôm qua")
    expect(calendar).to_contain_text("Ngày mai")
    expect(calendar).to_contain_text("Hủy")
    screenshot("e2e_admin_calendar_vi")

    # Lists of choices start with "— Chọn —"; a form sent empty says what to do in Vietnamese.
    expect(page.locator("select#id_campaign option").first).to_have_text("— Chọn —")
    expect(page.locator("select#id_level option").first).to_have_text("— Chọn —")
    page.locator('input[name="_save"]').click()
    expect(page.locator("#error-summary")).to_contain_text("Vui lòng sửa các lỗi dưới đây:")
    expect(page.locator("p.errornote")).to_be_hidden()  # Django's bare note, replaced by the summary
    screenshot("e2e_admin_form_errors_vi")

    page.goto(f"{live_server.url}/quan-tri/campaign/unit/")
    actions = page.locator("div.actions")
    expect(actions).to_contain_text("Thao tác:")
    expect(actions.locator("select[name=action] option").first).to_have_text("— Chọn thao tác —")
    expect(actions.get_by_role("button", name="Thực hiện")).to_be_visible()


def test_the_office_reads_the_whole_dossiers_list_beside_its_filters(page, live_server, demo_data, login):
    """At 1280 px the dossiers' list fits its frame: a unit's long name wraps, a code does not (Django keeps a
    related row's column on one line, which pushed the plan's column out of sight)."""
    call_command("seed_demo_review", quiet=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/quan-tri/dossiers/dossier/")
    expect(page.locator("#result_list tbody tr").first).to_be_visible()

    table, frame = page.evaluate(
        "() => { const t = document.getElementById('result_list'); return [t.offsetWidth, t.parentElement.clientWidth]; }"
    )
    assert table <= frame, (table, frame)
    expect(page.locator("#result_list th.column-campaign_number")).to_be_in_viewport()
    code = page.locator("#result_list .field-code a").first
    assert code.evaluate("a => a.getClientRects().length") == 1  # one line
