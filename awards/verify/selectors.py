"""What the public verification page reads: one signed award by its token, what its certificate says, the
later decisions that revoked or corrected it, and whether uploaded bytes are a file issued for it."""

import hashlib
from dataclasses import dataclass

from django.db.models import Q

from awards.issuing.pdf import names_on
from awards.models import AmendmentKind, Award, DecisionAmendment, DecisionState, IssuedDocument, nfc

from .qr import TOKEN_PATTERN

# A string that no token equals: a malformed token costs the same query as an unknown one.
_NO_TOKEN = "!"


def award_for_token(token: str) -> Award | None:
    """The award of a signed decision with this token, or None (unknown and malformed alike)."""
    lookup = token if TOKEN_PATTERN.fullmatch(token or "") else _NO_TOKEN
    return (
        Award.objects.select_related("decision", "decision__agency")
        .filter(verify_token=lookup, decision__state=DecisionState.SIGNED)
        .first()
    )


@dataclass(frozen=True)
class Later:
    kind: str  # AmendmentKind
    number: str
    decided_on: object
    summary: str

    @property
    def revoked(self) -> bool:
        return self.kind == AmendmentKind.REVOKED


@dataclass(frozen=True)
class CertificateFacts:
    """Exactly what the page shows: what the Giấy khen says, nothing else."""

    name: str
    details: str
    collective: bool
    form: str
    decision_number: str
    decision_date: object
    register: str
    agency: str
    parent_authority: str
    later: tuple[Later, ...]

    @property
    def revoked(self) -> bool:
        return any(item.revoked for item in self.later)


def later_decisions(award: Award) -> tuple[Later, ...]:
    """Later decisions of the award's decision that concern every certificate of it, or this one."""
    rows = (
        DecisionAmendment.objects.filter(decision_id=award.decision_id)
        .filter(Q(awards__isnull=True) | Q(awards=award))
        .distinct()
        .order_by("decided_on", "pk")
    )
    return tuple(Later(row.kind, row.number, row.decided_on, row.summary) for row in rows)


def certificate_facts(award: Award) -> CertificateFacts:
    decision = award.decision
    agency = decision.agency
    names = names_on(agency, decision.signing_date)  # the names as the certificate printed them
    head = nfc(agency.head_title).strip()
    return CertificateFacts(
        name=nfc(award.display_name),
        details=nfc(award.details),
        collective=award.is_collective,
        form=f"Giấy khen của {head[:1].upper()}{head[1:]} {nfc(names.name).strip()}",
        decision_number=decision.number,
        decision_date=decision.signing_date,
        register=award.register_display,
        agency=nfc(names.name).strip(),
        parent_authority=nfc(names.parent_authority).strip(),
        later=later_decisions(award),
    )


def certificate_keys(award: Award) -> tuple[str, ...]:
    """The keys of the issued files that are this award's certificate (alone, or with the whole decision's)."""
    return tuple(f"{prefix}-{paper}" for paper in ("A4", "A3") for prefix in ("certificates", f"certificate-{award.pk}"))


def issued_match(award: Award, data: bytes) -> IssuedDocument | None:
    """The file issued for this award's certificate whose SHA-256 equals that of `data`, if any."""
    digest = hashlib.sha256(data).hexdigest()
    return (
        IssuedDocument.objects.filter(decision_id=award.decision_id, sha256=digest, key__in=certificate_keys(award))
        .order_by("issued_at", "pk")
        .first()
    )
