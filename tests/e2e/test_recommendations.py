"""Browser test: the inspection board files a recommendation, the Director reads it on the home page and
answers it, the board reads the answer; a correction keeps the earlier answer."""

import pytest
from playwright.sync_api import expect

from campaign.models import Recommendation, RecommendationAnswer

pytestmark = pytest.mark.e2e


def test_the_board_files_the_director_answers_and_the_board_reads_the_answer(page, live_server, demo_data, login,
                                                                             screenshot):
    login(page, live_server, "thanhtra")
    page.goto(f"{live_server.url}/kien-nghi/gui/")
    page.get_by_label("Tiêu đề").fill("Mời đại diện Công đoàn dự họp xét khen thưởng")
    page.get_by_label("Nội dung kiến nghị").fill("Một số phòng họp xét chưa mời đại diện Công đoàn cơ sở.")
    page.get_by_role("button", name="Gửi kiến nghị").click()
    expect(page.get_by_role("heading", name="Mời đại diện Công đoàn dự họp xét khen thưởng")).to_be_visible()
    expect(page.get_by_text("Chưa có câu trả lời.")).to_be_visible()
    recommendation = Recommendation.objects.get()
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, live_server, "giamdoc")
    panel = page.locator("#kien-nghi")
    expect(panel.get_by_text("1 chờ trả lời")).to_be_visible()
    panel.get_by_role("link", name=f"Số {recommendation.reference}: Mời đại diện Công đoàn").click()
    page.get_by_role("radio", name="Không tiếp thu").check()
    page.get_by_label("Nội dung trả lời").fill("Các phòng đã mời đại diện Công đoàn.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("hãy nêu rõ lý do")
    expect(page.get_by_label("Nội dung trả lời")).to_have_value("Các phòng đã mời đại diện Công đoàn.")
    page.get_by_role("radio", name="Tiếp thu một phần").check()
    page.get_by_label("Lý do (bắt buộc khi không tiếp thu toàn bộ)").fill("Phòng Kế hoạch đã mời từ tháng trước.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("Đang có hiệu lực")).to_be_visible()
    page.get_by_role("radio", name="Tiếp thu", exact=True).check()
    page.get_by_label("Nội dung trả lời").fill("Các phòng mời đại diện Công đoàn từ nay.")
    page.get_by_label("Nội dung đính chính").fill("Tiếp thu toàn bộ kiến nghị.")
    page.get_by_role("button", name="Gửi đính chính").click()
    expect(page.get_by_text("Đã được đính chính")).to_be_visible()
    assert RecommendationAnswer.objects.count() == 2
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, live_server, "thanhtra")
    page.goto(f"{live_server.url}/kien-nghi/{recommendation.pk}/")
    expect(page.get_by_text("Các phòng mời đại diện Công đoàn từ nay.")).to_be_visible()
    expect(page.get_by_text("Phòng Kế hoạch đã mời từ tháng trước.")).to_be_visible()
    expect(page.locator("#form-tra-loi")).to_have_count(0)
    screenshot("recommendation_answered_board")
