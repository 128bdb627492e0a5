"""The signer's second factor (issue 14): enrolment with a TOTP app, the code asked before signing (nothing
changes without it), wrong codes refused and throttled, recovery by the person's own office in the admin."""

import datetime as dt
import re

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from awards.issuing import services as issuing
from awards.models import Award, DecisionState, IssuedDocument
from tests.awards.conftest import AFTER_PUBLICATION
from tests.factories import (
    AgencyFactory,
    UnitFactory,
    inspector_user,
    office_user,
    staff_user,
    verify_second_factor,
)

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def _draft(campaign, office):
    return issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                   signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")


def test_the_director_enrols_with_the_qr_code_and_a_code(client, director):
    client.force_login(director)
    page = client.get("/xac-thuc-hai-lop/?next=/khen-thuong/quyet-dinh/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Mã QR đăng ký ứng dụng xác thực" in html
    assert TOTPDevice.objects.count() == 0  # showing the page writes nothing
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    import base64

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    wrong = client.post("/xac-thuc-hai-lop/", {"code": "000000" if TOTP(key).token() else "111111",
                                               "next": "/khen-thuong/quyet-dinh/"})
    assert wrong.status_code == 400 and "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    assert TOTPDevice.objects.count() == 0
    ok = client.post("/xac-thuc-hai-lop/", {"code": f"{TOTP(key).token():06d}", "next": "/khen-thuong/quyet-dinh/"})
    assert ok.status_code == 302 and ok["Location"] == "/khen-thuong/quyet-dinh/"
    device = TOTPDevice.objects.get(user=director)
    assert device.confirmed and device.bin_key == key
    assert device.history.filter(history_type="+").exists()
    html = client.get("/xac-thuc-hai-lop/").content.decode()
    assert "Phiên làm việc này đã được xác thực" in html


def test_the_qr_code_decodes_to_the_otpauth_uri(client, office):
    zxingcpp = pytest.importorskip("zxingcpp")
    import segno
    from PIL import Image

    from awards.issuing import second_factor

    client.force_login(office)
    client.get("/xac-thuc-hai-lop/")
    key = client.session[second_factor.PENDING_KEY]
    uri = second_factor.otpauth_uri(key, office.username)
    html = client.get("/xac-thuc-hai-lop/").content.decode()
    assert second_factor.qr_svg(uri) in html  # the page draws this very QR
    from io import BytesIO

    png = BytesIO()
    segno.make(uri, error="m").save(png, kind="png", scale=5, border=4)
    png.seek(0)
    decoded = zxingcpp.read_barcodes(Image.open(png))
    assert [result.text for result in decoded] == [uri]
    assert uri.startswith("otpauth://totp/") and "issuer=" in uri


def test_only_signers_enrol(client, campaign):
    for user in (staff_user(UnitFactory(agency=campaign.agency), username="canbo"), inspector_user(username="thanhtra")):
        client.force_login(user)
        assert client.get("/xac-thuc-hai-lop/").status_code == 403
        assert client.get("/xac-thuc-hai-lop/nhap-ma/").status_code == 403


def test_signing_without_the_second_factor_changes_nothing(client, approved, campaign, office, director):
    decision = _draft(campaign, office)
    with time_machine.travel(AFTER_PUBLICATION, tick=False):
        client.force_login(director)
        html = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/").content.decode()
        assert "Ký quyết định</button>" not in html and "chưa đăng ký ứng dụng xác thực" in html
        response = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/",
                               {"number": "125/QĐ-SCT", "signing_date": "24/11/2023", "confirm": "on"})
        assert response.status_code == 302
        assert response["Location"] == f"/xac-thuc-hai-lop/nhap-ma/?next=%2Fkhen-thuong%2Fquyet-dinh%2F{decision.pk}%2F"
        # The admin's action refuses too.
        client.force_login(office)
        admin = client.post("/quan-tri/awards/awarddecision/", {
            "action": "sign_action", "_selected_action": [decision.pk]}, follow=True)
        assert "Ký văn bản cần mã xác thực hai lớp" in admin.content.decode()
    decision.refresh_from_db()
    assert (decision.state, decision.number, decision.signed_by_id) == (DecisionState.DRAFT, "125/QĐ-SCT", None)
    assert Award.objects.count() == 0 and IssuedDocument.objects.count() == 0


def test_a_user_without_a_device_is_told_to_enrol(client, director):
    client.force_login(director)
    html = client.get("/xac-thuc-hai-lop/nhap-ma/?next=/khen-thuong/quyet-dinh/").content.decode()
    assert "Bạn chưa đăng ký xác thực hai lớp" in html
    assert "/xac-thuc-hai-lop/?next=%2Fkhen-thuong%2Fquyet-dinh%2F" in html


def test_a_wrong_code_is_refused_and_throttled_then_the_right_one_signs(client, approved, campaign, office, director):
    decision = _draft(campaign, office)
    device = TOTPDevice.objects.create(user=director, name="Điện thoại", confirmed=True)
    back = f"/khen-thuong/quyet-dinh/{decision.pk}/"
    with time_machine.travel(AFTER_PUBLICATION, tick=False) as clock:
        client.force_login(director)
        right = code_for(device)
        wrong = "000000" if right != "000000" else "111111"
        refused = client.post("/xac-thuc-hai-lop/nhap-ma/", {"code": wrong, "next": back})
        assert refused.status_code == 400
        device.refresh_from_db()
        assert device.throttling_failure_count == 1
        # Locked for a moment after a wrong code: even the right code waits.
        throttled = client.post("/xac-thuc-hai-lop/nhap-ma/", {"code": right, "next": back})
        assert throttled.status_code == 400 and "tạm khoá việc nhập mã" in throttled.content.decode()
        assert client.post("/xac-thuc-hai-lop/nhap-ma/", {"code": "12ab", "next": back}).status_code == 400
        clock.shift(dt.timedelta(seconds=31))
        accepted = client.post("/xac-thuc-hai-lop/nhap-ma/", {"code": code_for(device), "next": back})
        assert accepted.status_code == 302 and accepted["Location"] == back
        # An external `next` is not followed.
        assert client.post("/xac-thuc-hai-lop/nhap-ma/", {"code": "1", "next": "https://vi-du.com/"}).status_code == 400
        signed = client.post(f"/khen-thuong/quyet-dinh/{decision.pk}/ky/",
                             {"number": "125/QĐ-SCT", "signing_date": "24/11/2023", "confirm": "on"})
        assert signed.status_code == 302 and signed["Location"] == back
    decision.refresh_from_db()
    assert decision.state == DecisionState.SIGNED and decision.signed_by == director


def test_the_office_removes_a_lost_device_and_another_agency_cannot(client, director, office):
    device = TOTPDevice.objects.create(user=director, name="Điện thoại bị mất", confirmed=True)
    other_office = office_user(username="vanphong.stc", agency=AgencyFactory(code="STC", name="Sở Tài chính"))
    client.force_login(other_office)
    assert "Điện thoại bị mất" not in client.get("/quan-tri/otp_totp/totpdevice/").content.decode()
    client.post(f"/quan-tri/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    client.force_login(office)
    assert "Điện thoại bị mất" in client.get("/quan-tri/otp_totp/totpdevice/").content.decode()
    assert client.get(f"/quan-tri/otp_totp/totpdevice/{device.pk}/change/").status_code == 200
    assert client.get("/quan-tri/otp_totp/totpdevice/add/").status_code == 403
    response = client.post(f"/quan-tri/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    removal = TOTPDevice.history.get(id=device.pk, history_type="-")
    assert removal.history_user == office
    # The Director enrols again: the page offers a new QR code.
    client.force_login(director)
    assert "<svg" in client.get("/xac-thuc-hai-lop/").content.decode()


def test_the_verified_helper_marks_the_session(client, director):
    client.force_login(director)
    verify_second_factor(client, director)
    assert "Phiên làm việc này đã được xác thực" in client.get("/xac-thuc-hai-lop/").content.decode()
