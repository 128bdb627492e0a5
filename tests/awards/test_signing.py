"""Digitally signed PDFs (issue 14): every issued kind (decision with its list, the Giấy khen sets and one Giấy
khen, the Tờ trình) is signed with the agency's certificate (PAdES) and validates with pyHanko against the demo
CA; one byte changed breaks it; the stored SHA-256 is of the signed bytes and a reprint serves them again; an
agency without a certificate is issued unsigned and the pages say so; an unusable certificate issues nothing."""

import datetime as dt
import hashlib
import os

import pytest

from awards.issuing import pdf, signing
from awards.issuing import services as issuing
from awards.management.commands.make_demo_ca import make_demo_ca
from awards.models import IssuedDocument
from campaign.models import Agency, Gender
from tests.awards.conftest import AFTER_PUBLICATION, UNIT_A, UNIT_B, build_approved_list
from tests.conftest import run_in_a_new_loop
from tests.factories import allocate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def demo_ca_dir(tmp_path_factory):
    """The demo CA made once for the session (RSA 2048), in a folder of its own."""
    folder = tmp_path_factory.mktemp("signing")
    make_demo_ca(folder, [])
    return folder


@pytest.fixture
def demo_signing(settings, demo_ca_dir):
    """The agencies of the test database get their certificates (once per code); PDFs issued now are signed."""
    settings.PORTAL_SIGNING_DIR = demo_ca_dir
    settings.PORTAL_SIGNING_PASSPHRASE = ""
    make_demo_ca(demo_ca_dir, Agency.objects.all())
    return demo_ca_dir


@pytest.fixture
def roots(demo_signing):
    return signing.trust_roots()


def _valid(content: bytes, roots) -> signing.SignatureCheck:
    checks = signing.check_signatures(content, roots)
    assert len(checks) == 1
    check = checks[0]
    assert (check.intact, check.valid, check.trusted, check.covers_whole_file) == (True, True, True, True), check
    return check


def _issued_matches(content: bytes, key: str) -> IssuedDocument:
    issued = IssuedDocument.objects.get(key=key)
    assert issued.sha256 == hashlib.sha256(content).hexdigest()
    assert issued.size == len(content)
    with issued.file.open("rb") as handle:
        assert handle.read() == content
    return issued


def test_the_decision_and_its_certificates_are_signed_and_validate(client, signed_decision, office, roots):
    client.force_login(office)
    base = f"/khen-thuong/quyet-dinh/{signed_decision.pk}/in"
    award = signed_decision.awards.order_by("order").first()
    kinds = {
        "decision": f"{base}/quyet-dinh.pdf",
        "certificates-A4": f"{base}/giay-khen.pdf",
        "certificates-A3": f"{base}/giay-khen.pdf?kho=A3",
        f"certificate-{award.pk}-A4": f"/khen-thuong/giay-khen/{award.pk}.pdf",
    }
    for key, url in kinds.items():
        response = client.get(url)
        assert response.status_code == 200, key
        content = response.content
        check = _valid(content, roots)
        assert check.signer == "Sở Công Thương"
        issued = _issued_matches(content, key)
        assert issued.signed_with == "Sở Công Thương"
        # A reprint serves the very bytes first issued (a new signature would differ).
        assert client.get(url).content == content
    # The published decision (Law 10/2022) is the same signed file.
    notice = signed_decision.notice
    assert client.get(f"/cong-khai/quyet-dinh/{notice.pk}/quyet-dinh.pdf").content == client.get(
        kinds["decision"]).content
    html = client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/").content.decode()
    assert "Bản PDF phát hành được ký số bằng chứng thư “Sở Công Thương”" in html
    assert "chứng thư thử nghiệm, không có giá trị pháp lý" in html
    assert html.count('<span class="badge text-bg-success">Ký số</span> Sở Công Thương') == 4


def test_the_to_trinh_is_signed_and_validates(client, campaign, office, council, director, make_pdf, roots):
    import time_machine

    allocate(campaign, collectives=2, individuals=2)
    people = ((UNIT_A, "Nguyễn Thành Đạt", Gender.MALE, "Chuyên viên"),
              (UNIT_B, "Phạm Thị Thúy Vy", Gender.FEMALE, "Viên chức"))
    build_approved_list(campaign, office, council, make_pdf, people=people, level="provincial")
    proposal = issuing.create_proposal(campaign=campaign, by=office, number="45/TTr-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    client.force_login(office)
    draft = client.get(f"/khen-thuong/to-trinh/{proposal.pk}/in/to-trinh.pdf")
    assert draft.status_code == 200, draft.content[:300]
    assert signing.check_signatures(draft.content, roots) == []  # a draft is never signed
    with time_machine.travel(AFTER_PUBLICATION, tick=True):
        issuing.sign_proposal(proposal=proposal, by=director, now=AFTER_PUBLICATION)
        client.force_login(office)
        response = client.get(f"/khen-thuong/to-trinh/{proposal.pk}/in/to-trinh.pdf")
    assert response.status_code == 200, response.content.decode()[:300]
    content = response.content
    _valid(content, roots)
    assert _issued_matches(content, "proposal").signed_with == "Sở Công Thương"


def test_one_byte_changed_after_signing_fails(client, signed_decision, office, roots):
    client.force_login(office)
    content = client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/in/quyet-dinh.pdf").content
    _valid(content, roots)
    # A byte of the page content (inside the signed range, well before the signature's own bytes).
    position = content.index(b"stream") + 40
    tampered = bytearray(content)
    tampered[position] ^= 0x01
    checks = signing.check_signatures(bytes(tampered), roots)
    assert len(checks) == 1 and not checks[0].intact
    # And a certificate from another CA is not trusted: the portal's roots decide.
    assert not signing.check_signatures(content, [])[0].trusted


def test_signing_and_checking_work_inside_a_running_event_loop(signed_decision, roots, tmp_path):
    """pyHanko runs asyncio.run inside sign_pdf and validate_pdf_signature; in a thread that already runs a loop
    (an async server, a process driving a browser) the portal moves the call to a thread of its own."""
    agency = signed_decision.agency
    unsigned = pdf.certificates_pdf(signed_decision, list(signed_decision.awards.all())).content
    source = tmp_path / "in.pdf"
    source.write_bytes(unsigned)

    async def inside_a_loop():
        signed, name = signing.sign_pdf(unsigned, agency)
        file_name = signing.sign_pdf_file(source, tmp_path / "out.pdf", agency)
        return signed, name, file_name, signing.check_signatures(signed, roots)

    signed, name, file_name, checks = run_in_a_new_loop(inside_a_loop)

    assert name == file_name != ""
    assert [(c.intact, c.valid, c.trusted) for c in checks] == [(True, True, True)]
    _valid((tmp_path / "out.pdf").read_bytes(), roots)


def test_without_a_certificate_documents_are_issued_unsigned_and_the_pages_say_so(
    client, signed_decision, office, director, settings, tmp_path
):
    settings.PORTAL_SIGNING_DIR = tmp_path / "khong-co"
    client.force_login(office)
    content = client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/in/quyet-dinh.pdf").content
    assert signing.check_signatures(content, []) == []
    assert _issued_matches(content, "decision").signed_with == ""
    html = client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/").content.decode()
    assert "Chưa ký số:" in html and "cơ quan chưa có chứng thư số trên cổng" in html
    assert "Không ký số" in html
    # The office is told how to configure it; the Director reads the note without the server's settings.
    assert "PORTAL_SIGNING_DIR/SCT.p12" in html and "PORTAL_SIGNING_PASSPHRASE" in html
    client.force_login(director)
    html = client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/").content.decode()
    assert "Chưa ký số:" in html and "PORTAL_SIGNING_DIR/SCT.p12" not in html


def test_an_unusable_certificate_issues_nothing(client, signed_decision, office, settings, demo_signing, monkeypatch):
    settings.PORTAL_SIGNING_PASSPHRASE = "sai-mat-khau"  # the demo files are unencrypted: any passphrase is wrong
    files_before = sorted(os.listdir(settings.PRIVATE_MEDIA_ROOT)) if os.path.isdir(settings.PRIVATE_MEDIA_ROOT) else []
    client.force_login(office)
    response = client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/in/quyet-dinh.pdf")
    assert response.status_code == 500
    assert "Chưa tải được Quyết định" in response.content.decode()
    assert "Không dùng được chứng thư số của cơ quan" in response.content.decode()
    assert IssuedDocument.objects.count() == 0
    files_after = sorted(os.listdir(settings.PRIVATE_MEDIA_ROOT)) if os.path.isdir(settings.PRIVATE_MEDIA_ROOT) else []
    assert files_after == files_before
    html = client.get(f"/khen-thuong/quyet-dinh/{signed_decision.pk}/").content.decode()
    assert "nhưng không mở được" in html


def test_a_per_agency_passphrase_comes_from_the_environment(settings, tmp_path, monkeypatch, db):
    from tests.factories import AgencyFactory

    agency = AgencyFactory()
    monkeypatch.setenv("PORTAL_SIGNING_PASSPHRASE_SCT", "mat-khau-rieng")
    settings.PORTAL_SIGNING_DIR = tmp_path
    settings.PORTAL_SIGNING_PASSPHRASE = ""
    make_demo_ca(tmp_path, [agency])
    assert oct(os.stat(tmp_path).st_mode & 0o777) == "0o700"
    assert oct(os.stat(tmp_path / "SCT.p12").st_mode & 0o777) == "0o600"
    status = signing.status_of(agency)
    assert status.configured and status.subject == "Sở Công Thương" and status.demo
    monkeypatch.setenv("PORTAL_SIGNING_PASSPHRASE_SCT", "khac")
    assert not signing.status_of(agency).configured
