"""Whose signature an uploaded PDF bears, as pyHanko reads it, never taken on trust.

The signer's name comes from the certificate embedded in the file: anyone can make a certificate with any
name. What the page says therefore depends on pyHanko's checks: “toàn vẹn” (intact) only when the signed
bytes are unchanged since signing, and whether the signature covers the whole file or something was added
after it. Whether the file is the one issued is decided by its SHA-256, not by the signature.
"""

import io
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignatureReport:
    signer: str  # the signer certificate's common name, or "" when it could not be read
    intact: bool  # the signed bytes are unchanged (pyHanko: intact and the cryptographic check valid)
    whole_file: bool  # nothing was added to the file after this signature
    trusted: bool = False  # the certificate chains to a root the portal trusts (<PORTAL_SIGNING_DIR>/ca.pem)
    demo: bool = False  # issued by the demo CA (make_demo_ca): not a real signature


def _common_name(certificate) -> str:
    try:
        name = certificate.subject.native.get("common_name", "")
    except Exception:  # noqa: BLE001 - a malformed certificate names nobody
        return ""
    if isinstance(name, list):
        name = ", ".join(str(part) for part in name)
    return str(name or "")[:200]


def _issuer_name(certificate) -> str:
    try:
        return str(certificate.issuer.native.get("common_name", "") or "")
    except Exception:  # noqa: BLE001
        return ""


def read_signatures(data: bytes) -> list[SignatureReport] | None:
    """The embedded signatures of a PDF, in file order; None when the file cannot be read as a PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from awards.issuing.signing import DEMO_CA_NAME, trust_roots
    from core.event_loops import outside_event_loop

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - garbage that merely starts with %PDF-
        logger.info("verification: an uploaded file could not be read as a PDF")
        return None
    reports = []
    for signature in embedded:
        signer, intact, whole, trusted, demo = "", False, False, False, False
        try:
            signer = _common_name(signature.signer_cert)
            demo = _issuer_name(signature.signer_cert) == DEMO_CA_NAME
        except Exception:  # noqa: BLE001
            pass
        try:
            # Only the portal's own roots are trusted (never the operating system's list), nothing is fetched.
            context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
            status = outside_event_loop(validate_pdf_signature, signature, signer_validation_context=context)
            intact = bool(status.intact and status.valid)
            whole = intact and status.coverage.name == "ENTIRE_FILE"
            trusted = intact and bool(status.trusted)
        except Exception:  # noqa: BLE001 - a broken signature is simply not intact
            logger.info("verification: a signature could not be validated", exc_info=True)
        reports.append(SignatureReport(signer=signer, intact=intact, whole_file=whole, trusted=trusted,
                                       demo=demo and trusted))
    return reports
