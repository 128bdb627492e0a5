"""Digital signatures of issued PDFs (issue 14): PAdES baseline with pyHanko, the agency's certificate.

Each agency's PKCS#12 file is `<PORTAL_SIGNING_DIR>/<agency code>.p12` (kept outside the repository, in the
data folder); its passphrase is the environment's `PORTAL_SIGNING_PASSPHRASE_<CODE>` or, for all agencies,
`PORTAL_SIGNING_PASSPHRASE` (settings). When an agency has no certificate, its documents are issued unsigned and
the pages say so (`status_of`). `manage.py make_demo_ca` makes a clearly named demo CA for development and tests.

pyHanko is imported inside the functions, so a web worker that never signs does not load it.
"""

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from django.conf import settings

from campaign.models import Agency
from core.event_loops import outside_event_loop

REASON = "Ký số văn bản"
DEMO_CA_NAME = "CA THỬ NGHIỆM – KHÔNG DÙNG THẬT"
CA_FILE = "ca.pem"  # the root the portal trusts when it checks a signature (the demo CA, or the production CA)


class SigningError(Exception):
    """The agency's certificate is configured but cannot be used (wrong passphrase, damaged file)."""


@dataclass(frozen=True)
class SigningStatus:
    configured: bool
    subject: str = ""  # the certificate's common name
    issuer: str = ""
    demo: bool = False  # signed by the demo CA: not a real signature
    problem: str = ""  # why a configured certificate cannot be used, in Vietnamese


def signing_dir() -> Path:
    return Path(settings.PORTAL_SIGNING_DIR)


def certificate_path(agency: Agency) -> Path:
    return signing_dir() / f"{agency.code}.p12"


def _passphrase(code: str) -> bytes | None:
    specific = os.environ.get(f"PORTAL_SIGNING_PASSPHRASE_{re.sub(r'[^A-Z0-9]', '_', code.upper())}", "")
    value = specific or settings.PORTAL_SIGNING_PASSPHRASE
    return value.encode() if value else None


@lru_cache(maxsize=32)
def _load(path: str, mtime: float, passphrase: bytes | None):
    """The signer of one PKCS#12 file (cached while the file is unchanged)."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=path, passphrase=passphrase)
    except Exception as error:  # pyHanko and cryptography raise several kinds for a bad file or passphrase
        raise SigningError(str(error)) from error
    if signer is None:
        raise SigningError("cannot read the PKCS#12 file")
    return signer


def _signer(agency: Agency):
    path = certificate_path(agency)
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    return _load(str(path), mtime, _passphrase(agency.code))


def _name_of(name) -> str:
    return name.native.get("common_name", "") if hasattr(name, "native") else ""


def status_of(agency: Agency) -> SigningStatus:
    """Whether the agency's PDFs will be signed, and with which certificate (for the pages)."""
    try:
        signer = _signer(agency)
    except SigningError:
        return SigningStatus(
            configured=False,
            problem=(
                f"Có tệp chứng thư số {certificate_path(agency).name} nhưng không mở được (sai mật khẩu "
                "PORTAL_SIGNING_PASSPHRASE hoặc tệp hỏng)."
            ),
        )
    if signer is None:
        return SigningStatus(configured=False)
    cert = signer.signing_cert
    issuer = _name_of(cert.issuer)
    return SigningStatus(configured=True, subject=_name_of(cert.subject), issuer=issuer,
                         demo=issuer == DEMO_CA_NAME)


def _pdf_signer(signer, agency: Agency):
    """pyHanko's signer of the agency's PDFs: PAdES baseline B, SHA-256, an invisible field "ChuKySo", the
    reason and the agency's place."""
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        reason=REASON,
        location=agency.place_name or agency.name,
        name=_name_of(signer.signing_cert.subject),
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    return signers.PdfSigner(metadata, signer=signer)


def sign_pdf(content: bytes, agency: Agency) -> tuple[bytes, str]:
    """The PDF signed with the agency's certificate (PAdES baseline B, invisible signature, reason and the
    agency's place) and the certificate's common name; the PDF unchanged and "" when none is configured.
    A configured certificate that cannot be used raises SigningError: nothing is issued unsigned by mistake."""
    signer = _signer(agency)
    if signer is None:
        return content, ""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(content), strict=False)
    out = outside_event_loop(_pdf_signer(signer, agency).sign_pdf, writer)
    return out.getvalue(), _name_of(signer.signing_cert.subject)


def sign_pdf_file(source: Path, target: Path, agency: Agency) -> str:
    """`sign_pdf` from file to file, for big print runs (awards/issuing/print_jobs.py): pyHanko reads the
    source lazily and appends the signature, so a PDF of thousands of pages is never held in memory. Returns
    the certificate's common name; "" (and `target` a plain copy) when the agency has none configured."""
    signer = _signer(agency)
    if signer is None:
        import shutil

        shutil.copyfile(source, target)
        return ""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(source, "rb") as incoming, open(target, "w+b") as outgoing:
        writer = IncrementalPdfFileWriter(incoming, strict=False)
        outside_event_loop(_pdf_signer(signer, agency).sign_pdf, writer, output=outgoing)
    return _name_of(signer.signing_cert.subject)


def trust_roots() -> list:
    """The root certificates the portal trusts when it checks a signature: <PORTAL_SIGNING_DIR>/ca.pem."""
    from pyhanko.keys import load_certs_from_pemder

    path = signing_dir() / CA_FILE
    return list(load_certs_from_pemder([str(path)])) if path.exists() else []


@dataclass(frozen=True)
class SignatureCheck:
    signer: str  # common name of the signing certificate
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the signature verifies cryptographically
    trusted: bool  # the certificate chains to a trusted root
    covers_whole_file: bool  # nothing was appended after signing
    summary: str


def check_signatures(content: bytes, roots: list | None = None) -> list[SignatureCheck]:
    """Each embedded signature of a PDF, validated against `roots` (default: `trust_roots()`)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = trust_roots() if roots is None else roots
    reader = PdfFileReader(BytesIO(content), strict=False)
    checks = []
    for embedded in reader.embedded_signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        status = outside_event_loop(validate_pdf_signature, embedded, context)
        checks.append(SignatureCheck(
            signer=_name_of(embedded.signer_cert.subject),
            intact=status.intact,
            valid=status.valid,
            trusted=status.trusted,
            covers_whole_file=status.coverage.name == "ENTIRE_FILE",
            summary=status.summary(),
        ))
    return checks
