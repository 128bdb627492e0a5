"""Files, headers and login throttling (issue: security, reliability and load)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.uploads import clean_file_name
from dossiers import services
from dossiers.forms import NominationForm
from dossiers.models import DocumentKind, DossierFile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def test_a_pdf_with_an_embedded_script_is_stored_but_only_served_as_an_attachment(clerk_client, draft, clerk):
    hostile = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n/JS (app.alert(1))\n%%EOF"
    stored = services.upload_document(
        dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=SimpleUploadedFile("x.pdf", hostile)
    )
    response = clerk_client.get(f"/ho-so/tep/{stored.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == hostile


def test_a_file_altered_in_storage_is_not_served(clerk_client, complete_draft):
    stored = DossierFile.objects.get(kind=DocumentKind.PROPOSAL_LETTER)
    with stored.file.storage.open(stored.file.name, "wb") as handle:
        handle.write(b"%PDF-1.4 altered")
    response = clerk_client.get(f"/ho-so/tep/{stored.pk}/")
    assert response.status_code == 409
    assert "mã kiểm tra SHA-256 không khớp" in response.content.decode()


@pytest.mark.parametrize(
    "given_name,expected",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\cv.pdf", "cv.pdf"),
        ("cong\x00van.pdf", "congvan.pdf"),
        ("bao\x07cao\x1f.pdf", "baocao.pdf"),
        ("...", "tep-tai-len"),
        ("Cộng hòa.pdf".encode().decode(), "Cộng hòa.pdf"),
    ],
)
def test_file_names_are_neutralised(given_name, expected):
    assert clean_file_name(given_name) == expected


def test_nfd_names_are_kept_in_nfc():
    import unicodedata

    assert clean_file_name(unicodedata.normalize("NFD", "Biên bản họp.pdf")) == "Biên bản họp.pdf"


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=st.text(max_size=30000), kind=st.sampled_from(["individual", "collective", "", "x\x00"]))
def test_nomination_form_never_crashes_on_arbitrary_input(unit, summary, kind):
    form = NominationForm(data={"kind": kind, "achievement_summary": summary, "staff": ""}, unit=unit)
    if form.is_valid():
        assert form.cleaned_data["achievement_summary"].strip()
    else:
        assert all(isinstance(message, str) and message for messages in form.errors.values() for message in messages)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=st.text(min_size=1, max_size=5000).filter(lambda s: s.strip()))
def test_posting_arbitrary_summaries_never_gives_a_server_error(clerk_client, draft, summary):
    response = clerk_client.post(
        f"/ho-so/{draft.pk}/de-nghi/them/", {"kind": "collective", "achievement_summary": summary}
    )
    assert response.status_code in (302, 400)
    draft.nominations.all().delete()


def test_login_is_throttled_after_five_wrong_passwords(client, settings):
    user = UserFactory(username="nhanvien")
    for _ in range(4):
        response = client.post("/dang-nhap/", {"username": "nhanvien", "password": "sai-mat-khau"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    fifth = client.post("/dang-nhap/", {"username": "nhanvien", "password": "sai-mat-khau"})
    assert fifth.status_code == 429
    # Locked: even the right password is refused until the office unlocks or 15 minutes pass.
    response = client.post("/dang-nhap/", {"username": "nhanvien", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khoá đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.pk


def test_the_office_can_unlock_a_locked_account_of_its_agency(client, settings):
    from axes.models import AccessAttempt

    from tests.factories import UnitFactory, office_user, staff_user

    staff_user(UnitFactory(), username="nhanvien")
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "nhanvien", "password": "sai"})
    attempt = AccessAttempt.objects.get(username="nhanvien")
    office = office_user()
    client.force_login(office)
    response = client.post(
        "/quan-tri/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert AccessAttempt.objects.count() == 0
    client.logout()
    response = client.post("/dang-nhap/", {"username": "nhanvien", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 302


def test_another_agencys_office_neither_sees_nor_unlocks_the_account(client):
    from axes.models import AccessAttempt

    from tests.factories import AgencyFactory, UnitFactory, office_user, staff_user

    staff_user(UnitFactory(), username="nhanvien")
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "nhanvien", "password": "sai"})
    attempt = AccessAttempt.objects.get(username="nhanvien")
    client.force_login(office_user(username="vanphong.syt", agency=AgencyFactory(code="SYT", name="Sở Y tế")))
    assert "nhanvien" not in client.get("/quan-tri/axes/accessattempt/").content.decode()
    client.post("/quan-tri/axes/accessattempt/",
                {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"})
    assert client.get(f"/quan-tri/axes/accessattempt/{attempt.pk}/delete/").status_code == 302
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
