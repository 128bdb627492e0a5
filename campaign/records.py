"""The tamper-evident record of a campaign (issue 14, point 3).

Every row that records how an award came about is chained, per campaign, in the order it was written:

    kind          model (the row whose columns are hashed)      which rows
    timeline      dossiers.TransitionLog                         every timeline entry of a dossier
    vote          awards.HistoricalVote                          every vote as recorded or corrected
    ballot        awards.HistoricalCouncilEVote                  an e-ballot opened, closed
    approval      awards.HistoricalApproval                      every approval and its revocation
    publication   awards.HistoricalPublication                   the list published (công khai)
    decision      awards.HistoricalAwardDecision                 the decision signed (and any change after)
    proposal      awards.HistoricalProvincialProposal            the Tờ trình signed (and any change after)
    amendment     awards.HistoricalDecisionAmendment             a later decision revoking or correcting one
    notice        awards.HistoricalDecisionNotice                the decision's notice published, extended
    issued_pdf    awards.IssuedDocument                          each issued (signed) PDF and its SHA-256

The canonical content of a row is every column of it (the history rows of django-simple-history are
themselves written once and never changed), read back from the database and written as JSON with sorted
keys (datetimes in UTC, ISO 8601). A link (campaign.RecordLink) keeps that JSON, its SHA-256 and

    hash = sha256(previous link's hash | seq | kind | model | pk | content hash)

so editing any column of a chained row, deleting the row, editing, deleting or reordering a link all
show at the first link concerned. The chain's head (campaign.RecordChain) is locked (SELECT … FOR
UPDATE) while a link is appended, so writers of one campaign take turns and seq has no gap or
duplicate; on SQLite the database's single writer does the same.

Links are appended by `record()` from the post_save of a timeline entry or issued PDF and from
django-simple-history's post_create_historical_record, i.e. in the same transaction as the row, whatever
wrote it (a service, the admin, a command). Rows that existed before the chain (or were bulk-created
without signals) are chained by `seal()`, which `migrate` runs (post_migrate) and `verify_records --seal`.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.apps import apps as global_apps
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.prepared import Prepared

SIGNED = "signed"


@dataclass(frozen=True)
class Kind:
    name: str
    campaign: tuple[str, ...]  # lookups to the campaign's pk; the first that is set wins
    at: str  # the column that orders existing rows when they are sealed
    only_signed: bool = False  # a document's history is chained once it is signed


KINDS: dict[str, Kind] = {
    "dossiers.TransitionLog": Kind("timeline", ("dossier__campaign",), "at"),
    "awards.HistoricalVote": Kind("vote", ("meeting__campaign",), "history_date"),
    "awards.HistoricalCouncilEVote": Kind("ballot", ("meeting__campaign",), "history_date"),
    "awards.HistoricalApproval": Kind("approval", ("campaign",), "history_date"),
    "awards.HistoricalPublication": Kind("publication", ("campaign",), "history_date"),
    "awards.HistoricalAwardDecision": Kind("decision", ("campaign",), "history_date", only_signed=True),
    "awards.HistoricalProvincialProposal": Kind("proposal", ("campaign",), "history_date", only_signed=True),
    "awards.HistoricalDecisionAmendment": Kind("amendment", ("decision__campaign",), "history_date"),
    "awards.HistoricalDecisionNotice": Kind("notice", ("decision__campaign",), "history_date"),
    "awards.IssuedDocument": Kind("issued_pdf", ("decision__campaign", "proposal__campaign"), "issued_at"),
}

# A verification shown on a page is at most this old (the supervision page re-verifies when it is older).
FRESH_FOR = timedelta(minutes=10)


# Canonical content and hashes ------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not part of a record's content")


def canonical(values: dict) -> str:
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def link_hash(prev_hash: str, seq: int, kind: str, table: str, row_pk: int, content_hash: str) -> str:
    return sha256("|".join((prev_hash, str(seq), kind, table, str(row_pk), content_hash)))


def columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _campaign_expression(kind: Kind):
    if len(kind.campaign) == 1:
        return F(kind.campaign[0])
    return Coalesce(*(F(path) for path in kind.campaign), Value(None))


def _rows(model, kind: Kind):
    """The rows of a kind with their columns and their campaign's pk (as `_campaign`)."""
    rows = model._base_manager.all()
    if kind.only_signed:
        rows = rows.filter(state=SIGNED)
    return rows.values(*columns(model), _campaign=_campaign_expression(kind))


# Appending ---------------------------------------------------------------------------------------------------


def _chain_for_update(campaign_id):
    return global_apps.get_model("campaign", "RecordChain").objects.select_for_update().filter(pk=campaign_id)


# Read on every chained write: compiled once per process (core/prepared.py, issue 17).
_CHAIN_FOR_UPDATE = Prepared(_chain_for_update, int)
_ROW_TO_CHAIN: dict[str, Prepared] = {}


def _row_to_chain(model, kind: Kind, pk: int) -> dict | None:
    label = model._meta.label
    prepared = _ROW_TO_CHAIN.get(label)
    if prepared is None:
        prepared = _ROW_TO_CHAIN[label] = Prepared(lambda pk: _rows(model, kind).filter(pk=pk), int)
    return prepared.first(pk)


def _locked_chain(campaign_id: int, *, apps=global_apps):
    RecordChain = apps.get_model("campaign", "RecordChain")
    if apps is global_apps:
        chain = _CHAIN_FOR_UPDATE.first(campaign_id)
    else:  # a migration's historical models
        chain = RecordChain.objects.select_for_update().filter(pk=campaign_id).first()
    if chain is None:
        # The campaign's first link: the chain's row is made unless another writer made it at the same
        # moment (then theirs is locked), without a savepoint (issue 17: fewer statements).
        RecordChain.objects.bulk_create([RecordChain(campaign_id=campaign_id)], ignore_conflicts=True)
        chain = RecordChain.objects.select_for_update().get(pk=campaign_id)
    return chain


def _append(chain, *, label: str, kind: Kind, values: dict, now: datetime, apps=global_apps, save: bool = True):
    """The next link of the chain (saved unless `save` is False, for a bulk insert); advances the head."""
    RecordLink = apps.get_model("campaign", "RecordLink")
    content = canonical(values)
    content_hash = sha256(content)
    seq = chain.length + 1
    row_pk = values["history_id"] if "history_id" in values else values["id"]
    link = RecordLink(
        campaign_id=chain.pk,
        seq=seq,
        kind=kind.name,
        table=label,
        row_pk=row_pk,
        content=content,
        content_hash=content_hash,
        prev_hash=chain.head,
        hash=link_hash(chain.head, seq, kind.name, label, row_pk, content_hash),
        recorded_at=now,
    )
    if save:
        link.save()
    chain.length = seq
    chain.head = link.hash
    return link


def record(row, *, now: datetime | None = None):
    """Chain one row (of a kind in KINDS) to its campaign's record, in the caller's transaction. Returns the
    link, or None for a row that is not chained (not a kind, an unsigned draft's history, no campaign)."""
    label = row._meta.label
    kind = KINDS.get(label)
    if kind is None:
        return None
    model = type(row)
    # No savepoint: a failure here fails the caller's transaction, which writes the row being chained.
    with transaction.atomic(savepoint=False):
        values = _row_to_chain(model, kind, row.pk)
        if values is None:
            return None
        campaign_id = values.pop("_campaign")
        if campaign_id is None:
            return None
        chain = _locked_chain(campaign_id)
        link = _append(chain, label=label, kind=kind, values=values, now=now or timezone.now())
        chain.save(update_fields=["length", "head"])
    return link


def on_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of a timeline entry or issued PDF: chain it when it is first written."""
    if created and not raw:
        record(instance)


def on_history(sender, history_instance, **kwargs):
    """django-simple-history's post_create_historical_record: chain the history row of a vote, approval, …"""
    if sender._meta.label in KINDS:
        record(history_instance)


def connect() -> None:
    from django.db.models.signals import post_save
    from simple_history.signals import post_create_historical_record

    for label, kind in KINDS.items():
        if not label.split(".", 1)[1].startswith("Historical"):
            post_save.connect(on_saved, sender=label, dispatch_uid=f"record-chain-{kind.name}")
    post_create_historical_record.connect(on_history, dispatch_uid="record-chain-history")


# Sealing rows written before the chain -----------------------------------------------------------------------


def seal(*, apps=global_apps, campaign_id: int | None = None, now: datetime | None = None) -> int:
    """Chain every row of a kind that has no link yet, per campaign in the order it was written (its
    time, then its kind and pk). Returns how many links were appended."""
    RecordLink = apps.get_model("campaign", "RecordLink")
    linked: dict[str, set[int]] = {}
    for table, row_pk in RecordLink.objects.values_list("table", "row_pk").iterator(chunk_size=5000):
        linked.setdefault(table, set()).add(row_pk)
    pending: dict[int, list[tuple]] = {}
    for label, kind in KINDS.items():
        model = apps.get_model(label)
        rows = _rows(model, kind)
        if campaign_id is not None:
            rows = rows.filter(**{f"{kind.campaign[0]}": campaign_id}) if len(kind.campaign) == 1 else [
                row for row in rows if row["_campaign"] == campaign_id
            ]
        pk_name = "history_id" if "history_id" in columns(model) else "id"
        done = linked.get(label, set())
        for values in rows:
            if values[pk_name] in done or values["_campaign"] is None:
                continue
            campaign = values.pop("_campaign")
            pending.setdefault(campaign, []).append((values[kind.at], label, values[pk_name], kind, values))
    appended = 0
    now = now or timezone.now()
    for campaign, entries in pending.items():
        entries.sort(key=lambda entry: entry[:3])
        with transaction.atomic():
            chain = _locked_chain(campaign, apps=apps)
            links = [
                _append(chain, label=label, kind=kind, values=values, now=now, apps=apps, save=False)
                for _at, label, _pk, kind, values in entries
            ]
            RecordLink.objects.bulk_create(links, batch_size=1000)
            appended += len(links)
            chain.save(update_fields=["length", "head"])
    return appended


# Verifying ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    campaign_id: int
    length: int
    broken_seq: int | None = None
    kind: str = ""
    row: str = ""
    detail: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


KIND_LABELS = {
    "timeline": "nhật ký hồ sơ",
    "vote": "phiếu biểu quyết",
    "ballot": "phiên bỏ phiếu điện tử",
    "approval": "phê duyệt",
    "publication": "công khai danh sách",
    "decision": "quyết định đã ký",
    "proposal": "tờ trình đã ký",
    "amendment": "quyết định sửa đổi",
    "notice": "niêm yết quyết định",
    "issued_pdf": "bản PDF phát hành",
}


def _differences(kept: dict, now: dict) -> str:
    changed = []
    for name in sorted(set(kept) | set(now)):
        if kept.get(name) != now.get(name):
            changed.append(f"{name}: {kept.get(name)!r} → {now.get(name)!r}")
    return "; ".join(changed)


def _current_rows(links: list[tuple]) -> dict[tuple[str, int], dict | None]:
    """The rows the links name, as canonical dicts, read per model in chunks (no query per link)."""
    wanted: dict[str, list[int]] = {}
    for link in links:
        wanted.setdefault(link[2], []).append(link[3])
    found: dict[tuple[str, int], dict] = {}
    for label, pks in wanted.items():
        model = global_apps.get_model(label)
        names = columns(model)
        pk_name = model._meta.pk.attname
        for start in range(0, len(pks), 900):
            for values in model._base_manager.filter(pk__in=pks[start : start + 900]).values(*names):
                found[(label, values[pk_name])] = json.loads(canonical(values))
    return found


def verify(campaign_id: int) -> Verdict:
    """Walk the campaign's chain from its first link; the first link that does not hold is named."""
    RecordChain = global_apps.get_model("campaign", "RecordChain")
    RecordLink = global_apps.get_model("campaign", "RecordLink")
    head = RecordChain.objects.filter(pk=campaign_id).values_list("length", "head").first() or (0, "")
    links = list(
        RecordLink.objects.filter(campaign_id=campaign_id)
        .order_by("seq")
        .values_list("seq", "kind", "table", "row_pk", "content", "content_hash", "prev_hash", "hash")
    )
    rows = _current_rows(links)
    previous = ""
    expected = 1
    for seq, kind, table, row_pk, content, content_hash, prev_hash, hash_ in links:
        row = f"{table} #{row_pk}"

        def broken(detail: str, at: int = seq, kind: str = kind, row: str = row) -> Verdict:
            return Verdict(campaign_id, len(links), at, kind, row, detail)

        if seq != expected:
            return broken(f"thiếu mục số {expected} (đã bị xoá)", expected)
        if prev_hash != previous:
            return broken("mã băm của mục trước không khớp (một mục trước đó đã bị sửa hoặc xoá)")
        if sha256(content) != content_hash:
            return broken("nội dung lưu trong mục đã bị sửa")
        if link_hash(prev_hash, seq, kind, table, row_pk, content_hash) != hash_:
            return broken("mã băm của mục không khớp với các trường của nó")
        current = rows.get((table, row_pk))
        if current is None:
            return broken("dòng dữ liệu đã bị xoá")
        kept = json.loads(content)
        if current != kept:
            return broken(f"dòng dữ liệu đã bị sửa: {_differences(kept, current)}")
        previous = hash_
        expected += 1
    if head[0] != len(links) or head[1] != previous:
        return Verdict(
            campaign_id, len(links), len(links) + 1, "", "",
            f"đầu chuỗi ghi {head[0]} mục nhưng chỉ còn {len(links)} mục (các mục cuối đã bị xoá)",
        )
    return Verdict(campaign_id, len(links))


def verify_and_keep(campaign_id: int, *, now: datetime | None = None) -> Verdict:
    """Verify and keep the result on the chain's head (what the supervision page shows)."""
    RecordChain = global_apps.get_model("campaign", "RecordChain")
    verdict = verify(campaign_id)
    detail = ""
    if not verdict.intact:
        where = f"{KIND_LABELS.get(verdict.kind, verdict.kind)} ({verdict.row}): " if verdict.row else ""
        detail = f"{where}{verdict.detail}"
    fields = {
        "checked_at": now or timezone.now(),
        "checked_length": verdict.length,
        "broken_seq": verdict.broken_seq,
        "broken_detail": detail,
    }
    if not RecordChain.objects.filter(pk=campaign_id).update(**fields):
        try:
            with transaction.atomic():
                RecordChain.objects.create(campaign_id=campaign_id, **fields)
        except IntegrityError:
            RecordChain.objects.filter(pk=campaign_id).update(**fields)
    return verdict


def state_for_page(campaign_id: int, *, now: datetime | None = None):
    """The chain's state for a page: the last verification kept on the chain's head, verified again (in
    full) only when it is older than FRESH_FOR, so page views cost at most one verification per campaign
    per FRESH_FOR; `verify_records` (run by cron) keeps it fresh too."""
    RecordChain = global_apps.get_model("campaign", "RecordChain")
    now = now or timezone.now()
    chain = RecordChain.objects.filter(pk=campaign_id).first()
    if chain is None or chain.checked_at is None or now - chain.checked_at > FRESH_FOR:
        verify_and_keep(campaign_id, now=now)
        chain = RecordChain.objects.get(pk=campaign_id)
    return chain
