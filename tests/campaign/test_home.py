import re

import pytest
import time_machine
from django.core.management import call_command

from campaign.models import Campaign
from tests.helpers import vn

pytestmark = pytest.mark.django_db

ITEM_1_START = "Triển khai, quán triệt thực hiện Luật thực hiện dân chủ ở cơ sở"


@pytest.fixture
def seeded():
    call_command("seed_demo", quiet=True)


def _campaign_card(html: str, campaign: Campaign) -> str:
    start = html.index(f'id="campaign-{campaign.pk}"')
    return html[start : html.index("</article>", start)]


def test_home_shows_the_2023_plan_in_vietnamese_with_its_nine_items(client, seeded):
    plan = Campaign.objects.get(year=2023)
    with time_machine.travel(vn(2023, 10, 20, 9), tick=False):
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Phong trào thi đua đang diễn ra" in html
    card = _campaign_card(html, plan)
    assert "Phát động phong trào thi đua thực hiện Quy chế dân chủ cơ sở năm 2023" in card
    assert len(re.findall(r"<li value=\"\d\">", card)) == 9
    assert ITEM_1_START in card
    # 20/10 09:00 -> 31/10 23:59:59 is 11 days 14 hours; -> 10/11 is 21 days 14 hours.
    assert "còn 11 ngày 14 giờ" in card
    assert "còn 21 ngày 14 giờ" in card
    assert "đến hết ngày 31/10/2023" in card and "đến hết ngày 10/11/2023" in card


def test_countdown_says_finished_once_the_emulation_period_is_over(client, seeded):
    plan = Campaign.objects.get(year=2023)
    with time_machine.travel(vn(2023, 11, 1, 0, 0, 0), tick=False):
        card = _campaign_card(client.get("/").content.decode(), plan)
    assert "Đã kết thúc" in card
    assert "còn 9 ngày 23 giờ" in card


def test_a_closed_campaign_moves_to_the_finished_list(client, seeded):
    with time_machine.travel(vn(2023, 11, 11, 0, 0, 1), tick=False):
        html = client.get("/").content.decode()
    plan = Campaign.objects.get(year=2023)
    assert f'id="campaign-{plan.pk}"' not in html
    assert "Các phong trào đã kết thúc" in html


def test_the_current_demo_campaign_is_open_today(client, seeded):
    html = client.get("/").content.decode()
    demo = Campaign.objects.get(number="01/KH-SCT-DEMO")
    assert f'id="campaign-{demo.pk}"' in html


def test_plan_page_shows_the_whole_plan(client, seeded):
    plan = Campaign.objects.get(year=2023)
    html = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "I. Mục đích, yêu cầu" in html
    assert "Báo cáo tóm tắt thành tích" in html
    assert "cá nhân 540.000 đ, tập thể 1.080.000 đ" in html


def test_login_page_is_vietnamese(client):
    html = client.get("/dang-nhap/").content.decode()
    assert "Đăng nhập" in html
    assert "Mật khẩu" in html


def test_wrong_password_gets_a_vietnamese_message(client, seeded):
    response = client.post("/dang-nhap/", {"username": "vanphong", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_demo_login_and_logout(client, seeded):
    response = client.post("/dang-nhap/", {"username": "donvi.congnghiep", "password": "ThiDua@2023"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Phòng Quản lý Công nghiệp" in html and "Đăng xuất" in html
    client.post("/dang-xuat/")
    assert "Đăng nhập" in client.get("/").content.decode()


def test_every_page_names_the_portals_icon_and_favicon_ico_leads_to_it(client, admin_client):
    icon = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'
    assert icon in client.get("/dang-nhap/").content.decode()
    assert icon in admin_client.get("/quan-tri/").content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.svg")
