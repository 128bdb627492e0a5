"""The verification of a Giấy khen (issue 14 point 2): the QR code printed on each signed certificate leads
to a public page that says what the certificate says (and nothing else), whether a later decision revoked or
corrected it, and whether an uploaded PDF is byte for byte the issued one and whose signature it bears."""

import datetime as dt
import hashlib
import io
import re
import subprocess
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from awards.issuing import pdf
from awards.models import Award, AwardDecision, DecisionAmendment, IssuedDocument
from awards.verify.qr import verify_url
from core.event_loops import outside_event_loop
from tests.awards.conftest import AFTER_PUBLICATION

pytestmark = pytest.mark.django_db

PUBLIC = "https://khenthuong.example.gov.vn"


@pytest.fixture(autouse=True)
def _fresh_lookup_counts():
    cache.clear()
    yield
    cache.clear()


def _awards(decision) -> list[Award]:
    return list(decision.awards.order_by("order"))


def _issued_certificates(client, office, decision) -> bytes:
    client.force_login(office)
    response = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/in/giay-khen.pdf")
    assert response.status_code == 200
    client.logout()
    return b"".join(response) if response.streaming else response.content


def _decode_qr(content: bytes, page: int, tmp_path) -> list[str]:
    """The QR codes on one page, read from its image (pdftoppm at 150 dpi, then zxing-cpp)."""
    import zxingcpp
    from PIL import Image

    source = tmp_path / "giay-khen.pdf"
    source.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(source),
                    str(tmp_path / "page")], check=True, timeout=60)
    image = Image.open(tmp_path / "page.png")
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def _check(client, path: str, content: bytes, name: str = "giay-khen.pdf"):
    return client.post(path, {"file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def _text(response) -> str:
    """The page's text: tags dropped, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(" .", ".").replace(" :", ":")


# The QR code on the certificate --------------------------------------------------------------------------


@override_settings(PORTAL_PUBLIC_URL=PUBLIC)
def test_the_qr_code_of_each_certificate_opens_the_page_of_its_own_person(client, signed_decision, office, tmp_path):
    awards = _awards(signed_decision)
    content = _issued_certificates(client, office, signed_decision)
    for page, award in ((1, awards[0]), (len(awards), awards[-1])):
        [link] = _decode_qr(content, page, tmp_path)
        assert link == f"{PUBLIC}/xac-minh/{award.verify_token}/"
        response = client.get(urlsplit(link).path)  # followed anonymously
        assert response.status_code == 200
        assert award.display_name in _text(response)
        others = [other.recipient_name for other in awards
                  if other.pk != award.pk and other.recipient_name not in award.details]
        assert not any(name in _text(response) for name in others)


def test_the_certificate_prints_the_link_under_the_code(signed_decision):
    award = _awards(signed_decision)[0]
    html = pdf.render_html("awards/pdf/certificates.html", pdf.certificate_context(
        signed_decision, [award], geometry=pdf.CertificateGeometry.for_layout(
            pdf.CertificateLayout(agency=signed_decision.agency), with_offsets=False),
        layout=pdf.default_layout(signed_decision.agency)))
    assert f"127.0.0.1:8000/xac-minh/{award.verify_token}/" in html
    assert "<svg" in html and "Xác minh Giấy khen" in html


def test_print_on_blank_carries_the_qr_code_too(client, signed_decision, office, tmp_path):
    award = _awards(signed_decision)[0]
    rendered = pdf.blank_certificates_pdf(signed_decision, [award], layout=pdf.default_layout(signed_decision.agency))
    assert _decode_qr(rendered.content, 1, tmp_path) == [verify_url(award.verify_token)]


def test_a_draft_certificate_has_no_code(approved, campaign, office):
    from awards.issuing import services as issuing

    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    context = pdf.certificate_context(
        decision, issuing.build_awards(decision),
        geometry=pdf.CertificateGeometry.for_layout(pdf.CertificateLayout(agency=decision.agency), with_offsets=False),
        layout=pdf.default_layout(decision.agency))
    assert all(item["verify"] is None for item in context["items"])


def test_tokens_are_long_random_and_distinct(signed_decision):
    tokens = [award.verify_token for award in _awards(signed_decision)]
    assert len(set(tokens)) == len(tokens)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", token) for token in tokens)
    # Nothing of the award (its id, register number, name) is in its token.
    award = _awards(signed_decision)[0]
    assert str(award.pk) not in award.verify_token[:2]


# What the page shows -----------------------------------------------------------------------------------


def test_the_page_shows_what_the_certificate_says_and_nothing_else(client, signed_decision, django_assert_max_num_queries):
    awards = _awards(signed_decision)
    individual = next(award for award in awards if not award.is_collective)
    with django_assert_max_num_queries(6):
        response = client.get(f"/xac-minh/{individual.verify_token}/")
    assert response.status_code == 200
    text = _text(response)
    assert f"{individual.honorific} {individual.recipient_name}" in text
    assert individual.details in text
    assert "Giấy khen của Giám đốc Sở Công Thương" in text
    assert "Số 125/QĐ-SCT ngày 24/11/2023" in text
    assert f"Số sổ {individual.register_display} " in text
    assert "Chưa có quyết định nào thu hồi hay đính chính Giấy khen này." in text
    # Nothing else: no other person, no id, no cash, no reason, no signer, no link to the portal's pages.
    for other in awards:
        if other.pk != individual.pk and other.recipient_name not in individual.details:
            assert other.recipient_name not in text
    html = response.content.decode()
    assert f"/{individual.pk}/" not in html and "khen-thuong/" not in html and "quan-tri" not in html
    assert "540.000" not in text and str(individual.amount) not in text
    assert signed_decision.campaign.award_reason.strip()[:30] not in text
    assert signed_decision.signer_name not in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_collective_is_shown_as_a_collective(client, signed_decision):
    collective = next(award for award in _awards(signed_decision) if award.is_collective)
    text = _text(client.get(f"/xac-minh/{collective.verify_token}/"))
    assert f"Tập thể được khen {collective.recipient_name} " in text
    assert "Chức vụ, đơn vị" not in text


def test_a_later_decision_revoking_one_certificate_shows_on_its_page_only(client, signed_decision, office):
    first, second = _awards(signed_decision)[:2]
    amendment = DecisionAmendment.objects.create(
        decision=signed_decision, kind="revoked", number="140/QĐ-SCT", decided_on=dt.date(2024, 1, 10),
        recorded_by=office)
    amendment.awards.set([first])
    revoked = _text(client.get(f"/xac-minh/{first.verify_token}/"))
    assert "Giấy khen này đã bị thu hồi." in revoked
    assert "Theo Quyết định số 140/QĐ-SCT ngày 10/01/2024." in revoked
    untouched = _text(client.get(f"/xac-minh/{second.verify_token}/"))
    assert "thu hồi" not in untouched.replace("thu hồi hay đính chính", "")
    assert "Giấy khen này đã được cấp" in untouched


def test_a_correction_of_the_whole_decision_shows_on_every_certificate(client, signed_decision, office):
    DecisionAmendment.objects.create(
        decision=signed_decision, kind="corrected", number="131/QĐ-SCT", decided_on=dt.date(2023, 12, 1),
        summary="Đính chính tên đơn vị tại Điều 1", recorded_by=office)
    for award in _awards(signed_decision):
        text = _text(client.get(f"/xac-minh/{award.verify_token}/"))
        assert "Đính chính theo Quyết định số 131/QĐ-SCT ngày 01/12/2023: Đính chính tên đơn vị tại Điều 1." in text
        assert "Giấy khen này đã được cấp" in text


# No enumeration ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["AAAAAAAAAAAAAAAAAAAAAA", "x", "1", "%27%20OR%201=1--", "a" * 300, "..%2F..%2Fetc"])
def test_an_unknown_token_is_the_same_404_as_a_malformed_one(client, signed_decision, token):
    unknown = client.get("/xac-minh/Zz9_Zz9_Zz9_Zz9_Zz9_Zz/")
    other = client.get(f"/xac-minh/{token}/")
    assert unknown.status_code == other.status_code == 404
    assert unknown.content == other.content
    assert "Không tìm thấy Giấy khen" in unknown.content.decode()
    assert sorted(unknown.headers) == sorted(other.headers)


def test_a_draft_decisions_award_has_no_page(client, signed_decision):
    award = _awards(signed_decision)[0]
    AwardDecision.objects.filter(pk=signed_decision.pk).update(state="draft")
    assert client.get(f"/xac-minh/{award.verify_token}/").status_code == 404


@override_settings(PORTAL_VERIFY_RATE=(5, 600))
def test_lookups_are_limited_per_client_address(client, signed_decision):
    token = _awards(signed_decision)[0].verify_token
    answers = [client.get(f"/xac-minh/{token if i % 2 else 'sai'}/").status_code for i in range(5)]
    assert answers == [404, 200, 404, 200, 404]
    limited = client.get(f"/xac-minh/{token}/")
    assert limited.status_code == 429
    assert "Quá nhiều lượt tra cứu" in limited.content.decode()
    assert "thử lại sau khoảng 10 phút" in _text(limited)
    assert limited["Retry-After"] == "600"
    assert _awards(signed_decision)[0].recipient_name not in limited.content.decode()
    # Another address still gets its answer.
    assert client.get(f"/xac-minh/{token}/", REMOTE_ADDR="10.1.2.3").status_code == 200


# The uploaded PDF ----------------------------------------------------------------------------------------


def test_the_issued_file_is_recognised_byte_for_byte_and_an_altered_one_is_not(client, signed_decision, office):
    award = _awards(signed_decision)[0]
    content = _issued_certificates(client, office, signed_decision)
    path = f"/xac-minh/{award.verify_token}/"
    before = IssuedDocument.objects.count()
    same = _text(_check(client, path, content))
    assert "Đúng bản đã cấp" in same
    altered = content.replace(b"/Producer", b"/Producex", 1) if b"/Producer" in content else content + b"\n%"
    assert altered != content
    changed = _text(_check(client, path, altered))
    assert "Không phải bản đã cấp" in changed and "Đúng bản đã cấp" not in changed
    # The certificate of someone else of the same decision, printed alone, is not this one's.
    other = _awards(signed_decision)[1]
    client.force_login(office)
    alone = client.get(f"/khen-thuong/giay-khen/{other.pk}.pdf").content
    client.logout()
    assert "Không phải bản đã cấp" in _text(_check(client, path, alone))
    assert "Đúng bản đã cấp" in _text(_check(client, f"/xac-minh/{other.verify_token}/", alone))
    # Nothing uploaded was kept.
    assert IssuedDocument.objects.count() == before + 1  # the single certificate printed above


def _self_signed_signer(common_name: str):
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256())
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore(),
    )


def _sign(content: bytes, common_name: str, field: str = "ChuKy") -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    out = outside_event_loop(signers.sign_pdf, writer, signers.PdfSignatureMetadata(field_name=field),
                             signer=_self_signed_signer(common_name))
    return out.getvalue()


def test_the_signature_is_named_only_when_intact(client, signed_decision, office):
    award = _awards(signed_decision)[0]
    path = f"/xac-minh/{award.verify_token}/"
    unsigned = pdf.certificates_pdf(signed_decision, [award]).content
    signed = _sign(unsigned, "Sở Công Thương (thử nghiệm)")
    # An issued file that was signed (as issue_pdf stores it once the agency has a certificate).
    IssuedDocument.objects.create(decision=signed_decision, key="certificates-A3", title="Giấy khen", file="x.pdf",
                                  download_name="x.pdf", size=len(signed), sha256=hashlib.sha256(signed).hexdigest(), pages=1, issued_by=office, issued_at=AFTER_PUBLICATION)
    text = _text(_check(client, path, signed))
    assert "Đúng bản đã cấp" in text
    assert "Chữ ký của Sở Công Thương (thử nghiệm), toàn vẹn." in text
    assert "không do tổ chức cấp chứng thư mà cổng tin cậy cấp: tên người ký chỉ là tên ghi trong tệp." in text
    # A byte changed inside what was signed: the name is not vouched for.
    start = signed.index(b"/Producer")
    tampered = signed[:start] + b"/Producex" + signed[start + 9:]
    text = _text(_check(client, path, tampered))
    assert "Không phải bản đã cấp" in text
    assert "không toàn vẹn" in text and "toàn vẹn." not in text.replace("không toàn vẹn", "")
    # Something appended after the signature: intact, but the file was added to.
    appended = _sign(signed, "Người khác", field="ChuKy2")
    text = _text(_check(client, path, appended))
    assert "Chữ ký của Sở Công Thương (thử nghiệm), toàn vẹn; nhưng tệp đã được thêm nội dung sau khi ký." in text
    assert "Chữ ký của Người khác, toàn vẹn." in text
    # An unsigned PDF says so.
    assert "Tệp không có chữ ký số." in _text(_check(client, path, unsigned))


def test_a_file_signed_by_the_portal_is_the_issued_one_with_the_agencys_signature(
    client, signed_decision, office, tmp_path, settings
):
    from django.core.management import call_command

    settings.PORTAL_SIGNING_DIR = tmp_path / "ky-so"
    settings.PORTAL_SIGNING_PASSPHRASE = "thu-nghiem"
    call_command("make_demo_ca", verbosity=0)
    award = _awards(signed_decision)[0]
    content = _issued_certificates(client, office, signed_decision)
    text = _text(_check(client, f"/xac-minh/{award.verify_token}/", content))
    assert "Đúng bản đã cấp" in text
    assert re.search(r"Chữ ký của [^,<]*Sở Công Thương[^,<]*, toàn vẹn\.", text), text[-1500:]
    assert "Chứng thư số do tổ chức cấp chứng thư mà cổng tin cậy cấp (CA THỬ NGHIỆM – không dùng thật)." in text


def test_what_is_not_a_pdf_is_refused_in_vietnamese_and_nothing_is_kept(client, signed_decision, settings):
    path = f"/xac-minh/{_awards(signed_decision)[0].verify_token}/"
    renamed = _text(_check(client, path, b"PK\x03\x04 not a pdf", name="giay-khen.pdf"))
    assert "không phải là tệp PDF thật" in renamed
    word = _text(_check(client, path, b"%PDF-1.7 x", name="giay-khen.docx"))
    assert "Chỉ kiểm tra được tệp PDF" in word or "không phải là tệp DOCX thật" in word
    settings.UPLOAD_MAX_BYTES = 1024
    big = _text(_check(client, path, b"%PDF-1.7\n" + b"0" * 2048))
    assert "vượt quá giới hạn 1 KB" in big
    assert "Vui lòng chọn tệp PDF cần kiểm tra." in _text(client.post(path, {}))
    # Garbage that starts like a PDF: not the issued file, and no signature can be read.
    garbage = _text(_check(client, path, b"%PDF-1.7\n garbage"))
    assert "Không phải bản đã cấp" in garbage and "Không đọc được nội dung tệp PDF" in garbage


# The office records a later decision in the admin ------------------------------------------------------


def test_the_office_records_a_later_decision_with_history_and_nobody_deletes_it(client, signed_decision, office):
    first = _awards(signed_decision)[0]
    client.force_login(office)
    response = client.post("/quan-tri/awards/decisionamendment/add/", {
        "decision": signed_decision.pk, "kind": "revoked", "number": "140/QĐ-SCT", "decided_on": "10/01/2024",
        "awards": [first.pk], "summary": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    amendment = DecisionAmendment.objects.get()
    assert (amendment.recorded_by, list(amendment.awards.all())) == (office, [first])
    assert amendment.history.exists()
    assert client.post(f"/quan-tri/awards/decisionamendment/{amendment.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DecisionAmendment.objects.count() == 1
    # A date before the decision's is refused with a reason; nothing is added.
    refused = client.post("/quan-tri/awards/decisionamendment/add/", {
        "decision": signed_decision.pk, "kind": "corrected", "number": "141/QĐ-SCT", "decided_on": "01/11/2023",
    })
    assert refused.status_code == 200
    assert "Quyết định sau phải có ngày từ 24/11/2023" in refused.content.decode()
    assert DecisionAmendment.objects.count() == 1


def test_the_board_and_the_director_read_later_decisions_but_do_not_record_them(client, signed_decision, office):
    from tests.factories import director_user, inspector_user

    DecisionAmendment.objects.create(decision=signed_decision, kind="corrected", number="131/QĐ-SCT",
                                     decided_on=dt.date(2023, 12, 1), recorded_by=office)
    for user in (director_user(username="gd2"), inspector_user(agency=signed_decision.agency, username="tt2")):
        client.force_login(user)
        assert client.get("/quan-tri/awards/decisionamendment/").status_code == 200
        assert client.get("/quan-tri/awards/decisionamendment/add/").status_code == 403
    assert get_user_model().objects.filter(username="gd2").exists()


def test_the_demo_command_records_one_sample_correction_and_is_idempotent(signed_decision):
    from django.core.management import call_command

    call_command("seed_demo_verify", quiet=True)
    call_command("seed_demo_verify", quiet=True)
    amendment = DecisionAmendment.objects.get()
    assert amendment.summary.endswith("(dữ liệu mẫu)")
    assert [award.staff_id is not None for award in amendment.awards.all()] == [True]
