"""A demo certificate authority and one signing certificate per agency, for development and tests only.

    manage.py make_demo_ca [--dir PATH]

Writes, under PORTAL_SIGNING_DIR (the data folder, never the repository; folder 0700, files 0600):
- ca.pem and ca-key.pem: the root “CA THỬ NGHIỆM – KHÔNG DÙNG THẬT” (the portal trusts ca.pem when it checks a
  signature);
- <agency code>.p12: the agency's certificate (CN = the agency's name, O = its parent authority) with its key,
  encrypted with PORTAL_SIGNING_PASSPHRASE when it is set, unencrypted otherwise.

Idempotent: an existing CA and existing agency files are kept; only missing agencies get a certificate.
A production deployment puts the agency's real PKCS#12 file in the same place instead (README: Ký số).
"""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from awards.issuing.signing import CA_FILE, DEMO_CA_NAME, _passphrase
from campaign.models import Agency

CA_KEY_FILE = "ca-key.pem"
# Valid from before the demo's 2023 campaign, so documents issued while a test or the demo travels back to the
# campaign's dates validate too.
VALID_FROM = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def _key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(folder: Path):
    """The demo root (created once, then read back)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    cert_path, key_path = folder / CA_FILE, folder / CA_KEY_FILE
    if cert_path.exists() and key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), key, False
    key = _key()
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, DEMO_CA_NAME),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cổng thi đua - khen thưởng (thử nghiệm)"),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
    ])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM).not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(key_path, key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert, key, True


def make_agency_certificate(folder: Path, agency: Agency, ca_cert, ca_key) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = _key()
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, agency.name)]
    if agency.parent_authority:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.parent_authority))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"))
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes)).issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM).not_valid_after(now + datetime.timedelta(days=1095))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    passphrase = _passphrase(agency.code)
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    path = folder / f"{agency.code}.p12"
    _write(path, pkcs12.serialize_key_and_certificates(
        agency.code.encode(), key, cert, [ca_cert], encryption
    ))
    return path


def make_demo_ca(folder: Path, agencies) -> tuple[list[Path], bool]:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    ca_cert, ca_key, created = make_ca(folder)
    made = []
    for agency in agencies:
        if not (folder / f"{agency.code}.p12").exists():
            made.append(make_agency_certificate(folder, agency, ca_cert, ca_key))
    return made, created


class Command(BaseCommand):
    help = "Tạo CA thử nghiệm (KHÔNG DÙNG THẬT) và chứng thư số của từng cơ quan để ký số PDF khi phát triển."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="thư mục (mặc định PORTAL_SIGNING_DIR)")

    def handle(self, *args, **options):
        folder = Path(options["dir"] or settings.PORTAL_SIGNING_DIR)
        made, created = make_demo_ca(folder, Agency.objects.order_by("code"))
        self.stdout.write(("Đã tạo" if created else "Đã có") + f" CA thử nghiệm “{DEMO_CA_NAME}”: {folder / CA_FILE}")
        for path in made:
            self.stdout.write(f"Đã tạo chứng thư số thử nghiệm: {path}")
        if not made:
            self.stdout.write("Mọi cơ quan đã có chứng thư số trong thư mục này.")
        self.stdout.write(
            f"Cổng đọc chứng thư số từ PORTAL_SIGNING_DIR={folder}"
            + ("" if settings.PORTAL_SIGNING_PASSPHRASE else
               " (tệp .p12 thử nghiệm không đặt mật khẩu; đặt PORTAL_SIGNING_PASSPHRASE trước khi chạy lệnh để mã hoá)")
            + ". Chỉ dùng để thử nghiệm: chữ ký này không có giá trị pháp lý."
        )
