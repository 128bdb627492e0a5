"""Issuing (R4, R10): award decisions and the Tờ trình to the province, drafted by the office, signed
once review allows it (awards.review.services.signing_blockers), and their PDFs, stored when first
printed.

Same habits as the review services: keyword-only functions, one transaction each, a Vietnamese
DomainError for every refusal, and who may do what asked of campaign/rules.py (`ensure`).
"""

import hashlib
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from awards import notifications
from awards.models import (
    Approval,
    Award,
    AwardDecision,
    DecisionState,
    IssuedDocument,
    ProvincialProposal,
    Publication,
    RegisteredDocument,
    nfc,
)
from awards.notices.services import publish_decision
from awards.review import quota
from awards.review.selectors import approved_list
from awards.review.services import signing_blockers
from campaign.models import Agency, AwardLevel, Campaign
from campaign.rules import ensure, is_director, standing
from campaign.selectors import NameBook
from core.errors import DomainError, NotAllowed
from core.storage import store_for_row
from core.time import local_today, vn_date
from dossiers.models import NomineeKind
from legal.selectors import giay_khen_amounts

from . import signing

if TYPE_CHECKING:
    from .pdf import RenderedPdf


# Award decisions (R4, R10) ----------------------------------------------------------------------------
#
# A decision is drafted by the office (number and date from the records clerk's register, signer, texts
# that are campaign data), printed as a watermarked draft, then signed once R4 allows it. Signing freezes
# the list: one Award per approved nomination, with its register number (số sổ) and cash amount. A signed
# decision is never changed; its PDFs are stored the first time they are printed and served again as is.


class NumberError(DomainError):
    """The document number is malformed or already taken: shown on the number field."""


DECISION_FIELDS = (
    "number", "signing_date", "signer_name", "signer_title", "is_deputy", "subject", "proposer", "executors",
    "recipients", "register_start",
)
PROPOSAL_FIELDS = (
    "number", "signing_date", "signer_name", "signer_title", "is_deputy", "subject", "addressee", "requested_award",
    "recipients",
)
DOC_WORDS = {AwardDecision: "quyết định", ProvincialProposal: "tờ trình"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _doc_word(document: RegisteredDocument) -> str:
    return DOC_WORDS[type(document)]


def parse_document_number(raw: str, *, agency: Agency, doc_code: str) -> tuple[str, int | None]:
    """“ 123 / qđ-sct ” -> ("123/QĐ-SCT", 123); empty -> ("", None); anything else is refused.

    The agency's register pattern is `^\\d+/<doc_code>-<agency code>$`; the serial keeps the clerk's
    leading zeros in the text (“05/QĐ-SCT”) and is unique as a number.
    """
    text = nfc(raw).strip().replace("\u00d0", "Đ").replace("\u00f0", "đ")  # Icelandic eth looks like Đ
    text = re.sub(r"\s*([/-])\s*", r"\1", text)
    if not text:
        return "", None
    canonical_tail = f"{doc_code}-{agency.code}"
    match = re.fullmatch(r"(\d{1,6})/(.+)", text)
    if match is None or match.group(2).casefold() != canonical_tail.casefold() or int(match.group(1)) == 0:
        what = "quyết định" if doc_code == AwardDecision.DOC_CODE else "tờ trình"
        raise NumberError(
            f"Số {what} “{nfc(raw).strip()}” không đúng mẫu của {agency.name}: phải có dạng "
            f"số/{canonical_tail}, ví dụ 123/{canonical_tail}."
        )
    return f"{match.group(1)}/{canonical_tail}", int(match.group(1))


def default_subject(campaign: Campaign) -> str:
    reason = _lower_first(nfc(campaign.award_reason).strip())
    return f"Về việc tặng Giấy khen cho các tập thể, cá nhân {reason}".strip()


def default_recipients(campaign: Campaign, first: str) -> str:
    """“Như Điều 3;” (or “Như trên;”), the campaign's recipients, and the file copy kept by the office."""
    lines = [first]
    lines += [line for line in campaign.recipient_lines() if not line.lstrip("- ").startswith("Lưu")]
    lines.append("Lưu: VT, VP.")
    return "\n".join(lines)


def decision_defaults(campaign: Campaign) -> dict:
    agency = campaign.agency
    signer_title = campaign.signer_title or agency.head_title
    return {
        "signer_name": campaign.signer_name,
        "signer_title": signer_title,
        "is_deputy": signer_title.casefold() != agency.head_title.casefold(),
        "subject": default_subject(campaign),
        "recipients": default_recipients(campaign, "Như Điều 3;"),
        "proposer": f"Chánh {agency.office_name}",
    }


def proposal_defaults(campaign: Campaign) -> dict:
    agency = campaign.agency
    signer_title = campaign.signer_title or agency.head_title
    reason = _lower_first(nfc(campaign.award_reason).strip())
    return {
        "signer_name": campaign.signer_name,
        "signer_title": signer_title,
        "is_deputy": signer_title.casefold() != agency.head_title.casefold(),
        "subject": f"Về việc đề nghị khen thưởng tập thể, cá nhân {reason}",
        "addressee": f"Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Tỉnh {agency.place_name}",
        "requested_award": f"Bằng khen của Chủ tịch Ủy ban nhân dân Tỉnh {agency.place_name}",
        # The plan's own filing line (e.g. “Lưu: VT, VP(Cường, 02b).”) is kept as the office wrote it.
        "recipients": "\n".join(["Như trên;", filing_line(campaign)]),
    }


def filing_line(campaign: Campaign) -> str:
    """The plan's “Lưu: …” line of its Nơi nhận, verbatim; “Lưu: VT, VP.” when the plan has none."""
    for line in reversed(campaign.recipient_lines()):
        if line.lstrip("-– ").startswith("Lưu"):
            return nfc(line.lstrip("-– ")).strip()
    return "Lưu: VT, VP."


PLACEHOLDER = re.compile(r"…|\.\.|^\D")


def proposal_content_blockers(proposal: ProvincialProposal) -> list[str]:
    """What the Tờ trình would print wrongly if signed now, each naming where the office fills it in."""
    campaign = proposal.campaign
    blockers = []
    where = f"trong Trang quản trị › Kế hoạch thi đua › “{campaign.title}”"
    if PLACEHOLDER.search(nfc(campaign.number).strip()):
        blockers.append(
            f"tờ trình dẫn Kế hoạch số “{campaign.number}”, chưa phải số đã vào sổ: Văn phòng Sở nhập số kế hoạch "
            f"(ô “Số kế hoạch”) {where}"
        )
    if campaign.plan_date is None:
        blockers.append(f"chưa biết ngày của kế hoạch: Văn phòng Sở nhập ô “Ngày của kế hoạch” {where}")
    if not nfc(proposal.requested_award).strip():
        blockers.append(
            "tờ trình chưa ghi hình thức khen thưởng đề nghị (ví dụ Bằng khen của Chủ tịch Ủy ban nhân dân Tỉnh): "
            "Văn phòng Sở nhập ô “Hình thức khen thưởng đề nghị” của tờ trình"
        )
    return blockers


def _check_document(document: RegisteredDocument) -> None:
    """What a draft must say before it is saved: a well-formed, free number; a signer; the texts."""
    agency = document.agency
    document.number, document.serial = parse_document_number(
        document.number, agency=agency, doc_code=document.DOC_CODE
    )
    if document.signing_date is None:
        raise DomainError(f"Hãy nhập ngày của {_doc_word(document)}.")
    for field, label in (("signer_name", "họ tên người ký"), ("signer_title", "chức danh người ký"),
                         ("subject", "trích yếu"), ("recipients", "nơi nhận")):
        if not nfc(getattr(document, field)).strip():
            raise DomainError(f"Hãy nhập {label}.")
    title = nfc(document.signer_title).strip()
    if document.is_deputy and title.casefold() == agency.head_title.casefold():
        raise DomainError(
            f"Ký thay (KT.) là cấp phó ký thay {agency.head_title}: chức danh người ký phải là cấp phó "
            f"(ví dụ Phó {agency.head_title}), không phải {agency.head_title}."
        )
    if not document.is_deputy and title.casefold().startswith("phó "):
        raise DomainError(f"{title} ký thay {agency.head_title}: hãy đánh dấu “Ký thay (KT.)”.")
    if document.serial is not None:
        clash = type(document).objects.filter(
            agency=agency, year=document.signing_date.year, serial=document.serial
        ).exclude(pk=document.pk).first()
        if clash is not None:
            raise NumberError(
                f"Số {document.number} đã được dùng cho {_doc_word(clash)} khác của {agency.name} trong năm "
                f"{document.signing_date.year} ({clash.number}, ngày {vn_date(clash.signing_date)}). "
                "Hãy kiểm tra lại sổ đăng ký văn bản."
            )


def check_document(document: RegisteredDocument) -> None:
    """Check a draft as the services would before saving it (forms show the message on the field)."""
    if isinstance(document, ProvincialProposal) and not nfc(document.addressee).strip():
        raise DomainError("Hãy nhập nơi kính gửi.")
    _check_document(document)


def _save_document(document: RegisteredDocument) -> None:
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Another clerk registered the same number a moment ago: the database constraint caught it.
        raise NumberError(
            f"Số {document.number} vừa được dùng cho văn bản khác của {document.agency.name} trong năm "
            f"{document.signing_date.year}. Hãy kiểm tra lại sổ đăng ký văn bản."
        ) from None


def _ensure_draft(document: RegisteredDocument) -> None:
    if document.state == DecisionState.SIGNED:
        raise DomainError(
            f"{_doc_word(document).capitalize()} số {document.number} đã được ký ngày "
            f"{vn_date(document.signing_date)}; văn bản đã ký không được sửa."
        )


def _apply(document: RegisteredDocument, fields: tuple[str, ...], changes: dict) -> None:
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for field, value in changes.items():
        if value is not None or field in ("register_start",):
            setattr(document, field, value)


def create_decision(
    *, campaign: Campaign, by: User, level: str = AwardLevel.GRASSROOTS, now: datetime | None = None, **fields
) -> AwardDecision:
    """The office drafts the award decision of a campaign and level; fields left out take the defaults."""
    now = now or timezone.now()
    ensure(by, "awards.add_awarddecision", campaign)
    if level != AwardLevel.GRASSROOTS:
        raise DomainError(
            "Khen thưởng cấp tỉnh do Ban Chỉ đạo Tỉnh quyết định; Sở lập Tờ trình đề nghị thay cho quyết định."
        )
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("agency").get(pk=campaign.pk)
        existing = AwardDecision.objects.filter(campaign=campaign, level=level).first()
        if existing is not None:
            raise DomainError(f"Kế hoạch này đã có quyết định khen thưởng: {existing}.")
        if not Approval.objects.live().filter(campaign=campaign, level=level).exists():
            raise DomainError("Chưa có tập thể, cá nhân nào được duyệt; chưa thể lập quyết định khen thưởng.")
        decision = AwardDecision(
            agency=campaign.agency, campaign=campaign, level=level, created_by=by,
            signing_date=local_today(now), **decision_defaults(campaign),
        )
        _apply(decision, DECISION_FIELDS, fields)
        _check_document(decision)
        _save_document(decision)
    return decision


def update_decision(*, decision: AwardDecision, by: User, **changes) -> AwardDecision:
    ensure(by, "awards.change_awarddecision", decision)
    with transaction.atomic():
        decision = AwardDecision.objects.select_for_update().select_related("agency", "campaign").get(pk=decision.pk)
        _ensure_draft(decision)
        _apply(decision, DECISION_FIELDS, changes)
        _check_document(decision)
        _save_document(decision)
    return decision


def build_awards(decision: AwardDecision) -> list[Award]:
    """The awards of a decision: one per approved nomination of its campaign and level, collectives first,
    in unit order. Unsaved (no register number) until the decision is signed.

    The list is checked against the quota again (`quota.ensure_within`): a decision beyond the quota must
    never be signed whatever happened to the data.
    """
    if decision.is_signed:
        return list(decision.awards.select_related("unit", "staff"))
    campaign = decision.campaign
    quota.ensure_within(campaign, decision.level)
    approvals = list(approved_list(campaign, decision.level).select_related(
        "nomination__dossier__unit", "nomination__nominee_unit", "nomination__staff__unit"
    ))
    # Units' names as on the decision's date (a unit renamed since the nomination prints its new name).
    names = NameBook.of_agencies([decision.agency_id])
    day = decision.signing_date
    # R11: the cash of the base salary and coefficient in force on the decision's date.
    cash = giay_khen_amounts(decision.signing_date)
    awards = []
    for order, approval in enumerate(approvals, start=1):
        nomination = approval.nomination
        individual = approval.kind == NomineeKind.INDIVIDUAL
        awards.append(Award(
            decision=decision,
            approval=approval,
            agency_id=decision.agency_id,
            year=decision.signing_date.year,
            order=order,
            kind=approval.kind,
            unit=nomination.dossier.unit,
            staff=nomination.staff if individual else None,
            honorific=nomination.staff.honorific if individual else "",
            recipient_name=nfc(
                names.of_the_day(nomination.nominee_unit, nomination.nominee_name, day)
                if nomination.nominee_unit_id else nomination.nominee_name
            ),
            position=nfc(nomination.position) if individual else "",
            unit_name=nfc(names.of_the_day(nomination.staff.unit, nomination.unit_name, day)) if individual else "",
            amount=cash.individual if individual else cash.collective,
        ))
    return awards


def _check_signing(document: RegisteredDocument, *, level: str, by: User, now: datetime) -> None:
    """R4, and that the document can be issued as it is: number, date, signer."""
    campaign = document.campaign
    word = _doc_word(document)
    blockers = signing_blockers(campaign, level, now)
    if blockers:
        raise DomainError(f"Chưa thể ký {word}: " + "; ".join(blockers) + ".")
    if document.serial is None:
        raise NumberError(
            f"Chưa có số {word}: Văn thư vào sổ, cấp số (dạng 123/{document.DOC_CODE}-{document.agency.code}) "
            "trước khi ký."
        )
    day = document.signing_date
    publication = Publication.objects.get(campaign=campaign, level=level)
    if day <= campaign.submission_deadline:
        raise DomainError(
            f"Ngày ký {word} ({vn_date(day)}) phải sau hạn nộp hồ sơ (hết ngày {vn_date(campaign.submission_deadline)})."
        )
    if day <= publication.closes_on:
        raise DomainError(
            f"Ngày ký {word} ({vn_date(day)}) phải sau thời gian công khai (hết ngày {vn_date(publication.closes_on)})."
        )
    if day > local_today(now):
        raise DomainError(f"Ngày ký {word} ({vn_date(day)}) không được sau ngày hôm nay ({vn_date(local_today(now))}).")
    # The office records a signature made on paper, whoever signed it; a Director who signs in the portal
    # signs in their own name.
    person = standing(by).person
    if person is not None and is_director(by, document) and nfc(person.full_name) != document.signer_name:
        raise NotAllowed(
            f"{word.capitalize()} ghi người ký là {document.signer_name}; {person.full_name} không ký thay được. "
            "Văn phòng Sở sửa người ký trong dự thảo nếu cần."
        )


def sign_decision(
    *, decision: AwardDecision, by: User, number: str | None = None, signing_date: date | None = None,
    now: datetime | None = None,
) -> AwardDecision:
    """The Director signs (or the office records the Director's signature on paper): the list is frozen,
    every award gets its register number, and nothing of the decision changes afterwards."""
    now = now or timezone.now()
    ensure(by, "awards.sign_awarddecision", decision)
    with transaction.atomic():
        # The campaign lock serialises signing with approvals; the agency lock, register numbers.
        Campaign.objects.select_for_update().get(pk=decision.campaign_id)
        agency = Agency.objects.select_for_update().get(pk=decision.agency_id)
        decision = AwardDecision.objects.select_for_update().select_related("campaign__agency").get(pk=decision.pk)
        decision.agency = agency
        _ensure_draft(decision)
        _apply(decision, DECISION_FIELDS, {"number": number, "signing_date": signing_date})
        _check_document(decision)
        _check_signing(decision, level=decision.level, by=by, now=now)
        awards = build_awards(decision)
        if not awards:
            raise DomainError("Quyết định không có tập thể, cá nhân nào được khen thưởng; chưa thể ký.")
        year = decision.signing_date.year
        if decision.register_start:
            start = decision.register_start
            last = start + len(awards) - 1
            taken = sorted(Award.objects.filter(
                agency=agency, year=year, register_number__gte=start, register_number__lte=last
            ).values_list("register_number", flat=True))
            if taken:
                raise DomainError(
                    f"Số sổ {start:02d} – {last:02d} trùng với số sổ đã cấp trong năm {year}: "
                    + ", ".join(f"{n:02d}" for n in taken) + ". Hãy sửa số sổ bắt đầu hoặc để trống."
                )
        else:
            start = (Award.objects.filter(agency=agency, year=year).aggregate(m=Max("register_number"))["m"] or 0) + 1
        for offset, award in enumerate(awards):
            award.year = year
            award.register_number = start + offset
        decision.state = DecisionState.SIGNED
        decision.signed_by = by
        decision.signed_at = now
        _save_document(decision)
        bulk_create_with_history(awards, Award, default_user=by)  # one history row per award
        # Law 10/2022: the signed decision and its list are published inside the agency at once.
        publish_decision(decision=decision, by=by, now=now)
    # The units with awardees and the office hear of it once the signature is committed.
    transaction.on_commit(lambda: notifications.decision_signed(decision.pk))
    return decision


# The Tờ trình to the provincial steering committee ------------------------------------------------------


def provincial_list(campaign: Campaign) -> list[Approval]:
    """The approved provincial-level nominations, within the allocation (R5), in list order."""
    quota.ensure_within(campaign, AwardLevel.PROVINCIAL)
    return list(approved_list(campaign, AwardLevel.PROVINCIAL))


def create_proposal(*, campaign: Campaign, by: User, now: datetime | None = None, **fields) -> ProvincialProposal:
    now = now or timezone.now()
    ensure(by, "awards.add_provincialproposal", campaign)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("agency").get(pk=campaign.pk)
        existing = ProvincialProposal.objects.filter(campaign=campaign).first()
        if existing is not None:
            raise DomainError(f"Kế hoạch này đã có tờ trình đề nghị cấp tỉnh: {existing}.")
        if not provincial_list(campaign):
            raise DomainError("Chưa có tập thể, cá nhân nào được duyệt đề nghị cấp tỉnh; chưa thể lập tờ trình.")
        proposal = ProvincialProposal(
            agency=campaign.agency, campaign=campaign, created_by=by, signing_date=local_today(now),
            **proposal_defaults(campaign),
        )
        _apply(proposal, PROPOSAL_FIELDS, fields)
        if not nfc(proposal.addressee).strip():
            raise DomainError("Hãy nhập nơi kính gửi.")
        _check_document(proposal)
        _save_document(proposal)
    return proposal


def update_proposal(*, proposal: ProvincialProposal, by: User, **changes) -> ProvincialProposal:
    ensure(by, "awards.change_provincialproposal", proposal)
    with transaction.atomic():
        proposal = ProvincialProposal.objects.select_for_update().select_related("agency", "campaign").get(
            pk=proposal.pk
        )
        _ensure_draft(proposal)
        _apply(proposal, PROPOSAL_FIELDS, changes)
        if not nfc(proposal.addressee).strip():
            raise DomainError("Hãy nhập nơi kính gửi.")
        _check_document(proposal)
        _save_document(proposal)
    return proposal


def sign_proposal(
    *, proposal: ProvincialProposal, by: User, number: str | None = None, signing_date: date | None = None,
    now: datetime | None = None,
) -> ProvincialProposal:
    now = now or timezone.now()
    ensure(by, "awards.sign_provincialproposal", proposal)
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=proposal.campaign_id)
        proposal = ProvincialProposal.objects.select_for_update().select_related("agency", "campaign").get(
            pk=proposal.pk
        )
        _ensure_draft(proposal)
        _apply(proposal, PROPOSAL_FIELDS, {"number": number, "signing_date": signing_date})
        _check_document(proposal)
        content = proposal_content_blockers(proposal)
        if content:
            raise DomainError("Chưa thể ký tờ trình: " + "; ".join(content) + ".")
        _check_signing(proposal, level=AwardLevel.PROVINCIAL, by=by, now=now)
        if not provincial_list(proposal.campaign):
            raise DomainError("Tờ trình không có tập thể, cá nhân nào; chưa thể ký.")
        proposal.state = DecisionState.SIGNED
        proposal.signed_by = by
        proposal.signed_at = now
        _save_document(proposal)
    return proposal


# Issued PDFs -----------------------------------------------------------------------------------------


class IssuedFileDamaged(DomainError):
    pass


ISSUE_STORAGE_FAILED = (
    "Không lưu được bản PDF phát hành vào kho lưu trữ của máy chủ, nên chưa phát hành. "
    "Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo quản trị hệ thống."
)


def issue_pdf(
    *,
    owner: RegisteredDocument,
    key: str,
    title: str,
    download_name: str,
    render: Callable[[], "RenderedPdf"],
    by: User,
    now: datetime | None = None,
) -> IssuedDocument:
    """The stored PDF of a signed document: rendered and stored the first time, the same bytes ever after."""
    if not owner.is_signed:
        raise DomainError("Chỉ lưu bản phát hành của văn bản đã ký.")
    owner_field = "decision" if isinstance(owner, AwardDecision) else "proposal"
    existing = IssuedDocument.objects.filter(**{owner_field: owner, "key": key}).first()
    if existing is not None:
        return existing
    rendered = render()
    # Signed with the agency's certificate before it is stored (issue 14): the SHA-256 and size are the signed file's.
    try:
        content, signed_with = signing.sign_pdf(rendered.content, owner.agency)
    except signing.SigningError:
        raise DomainError(
            "Không dùng được chứng thư số của cơ quan (sai mật khẩu hoặc tệp hỏng), nên chưa phát hành bản PDF; "
            "vui lòng báo quản trị hệ thống."
        ) from None
    pages = rendered.pages
    document = IssuedDocument(
        **{owner_field: owner},
        key=key,
        title=title,
        download_name=download_name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
        signed_with=signed_with,
        issued_by=by,
        issued_at=now or timezone.now(),
    )
    try:
        with transaction.atomic():
            # No stored file without its record: if this save, its commit or a transaction around this
            # call fails, the file goes with the rolled-back row.
            store_for_row(document.file, f"{key}.pdf", ContentFile(content), refused=ISSUE_STORAGE_FAILED)
            document.save()
    except IntegrityError:
        # Printed by someone else at the same moment: theirs is the issued one.
        return IssuedDocument.objects.get(**{owner_field: owner, "key": key})
    return document


def read_issued(document: IssuedDocument) -> bytes:
    """The stored bytes, checked against the SHA-256 recorded when they were issued."""
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise IssuedFileDamaged(
            "Không tìm thấy bản đã phát hành trong kho lưu trữ; vui lòng báo Văn phòng Sở."
        ) from None
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise IssuedFileDamaged(
            "Bản đã phát hành trong kho lưu trữ không còn khớp mã kiểm tra SHA-256; vui lòng báo Văn phòng Sở."
        )
    return content
