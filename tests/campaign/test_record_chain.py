"""The tamper-evident record (issue 14, point 3): every timeline entry and every audit row of votes,
approvals, publications and signatures is chained per campaign; `verify_records` names the first broken
link; the inspection board sees the chain's state on its supervision page."""

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from awards.models import Publication
from campaign import records
from campaign.models import RecordChain, RecordLink
from dossiers import services as dossier_services
from dossiers.models import Dossier, DossierState, NomineeKind, TransitionLog
from tests.factories import (
    AgencyFactory,
    CampaignFactory,
    DossierFactory,
    StaffMemberFactory,
    UserFactory,
    inspector_user,
)
from tests.helpers import vn

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]

ENTRIES = 10_000


def _timeline(dossier: Dossier, count: int, by) -> None:
    """`count` timeline entries written without signals (as rows that existed before the chain)."""
    at = timezone.now()
    TransitionLog.objects.bulk_create(
        TransitionLog(
            dossier=dossier, by=by, at=at + dt.timedelta(seconds=i), from_state="draft", to_state="draft",
            kind="nominee_added", note=f"Thêm đề nghị: người số {i}",
        )
        for i in range(count)
    )


def _verify(capsys, *args) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_records", *args)
        raise SystemExit(0)
    return exit_.value.code, capsys.readouterr().out


def test_a_dossiers_timeline_is_chained_as_it_is_written(plan, unit, member):
    dossier = dossier_services.create_dossier(campaign=plan, unit=unit, level="grassroots", by=member)
    dossier_services.add_nomination(
        dossier=dossier, by=member, kind=NomineeKind.INDIVIDUAL, staff=StaffMemberFactory(unit=unit),
        achievement_summary="Gương mẫu.",
    )

    links = list(RecordLink.objects.filter(campaign=plan).order_by("seq"))
    entries = list(dossier.timeline.order_by("pk"))
    assert [(link.seq, link.kind, link.table, link.row_pk) for link in links] == [
        (i + 1, "timeline", "dossiers.TransitionLog", entry.pk) for i, entry in enumerate(entries)
    ]
    assert links[0].prev_hash == "" and links[1].prev_hash == links[0].hash
    assert RecordChain.objects.get(pk=plan.pk).head == links[-1].hash
    verdict = records.verify(plan.pk)
    assert verdict.intact and verdict.length == len(entries) == 2


def test_the_history_of_a_publication_is_chained(plan, office):
    publication = Publication.objects.create(
        campaign=plan, level="grassroots", opened_at=timezone.now(), closes_on=dt.date(2023, 10, 27), published_by=office,
    )
    link = RecordLink.objects.get(campaign=plan)
    assert (link.kind, link.table) == ("publication", "awards.HistoricalPublication")
    assert link.row_pk == publication.history.get().history_id
    assert records.verify(plan.pk).intact


def test_one_row_edited_with_raw_sql_among_ten_thousand_is_named(plan, unit, member, capsys):
    dossier = DossierFactory(campaign=plan, unit=unit, created_by=member)
    _timeline(dossier, ENTRIES, member)
    assert records.seal() == ENTRIES
    target = TransitionLog.objects.order_by("pk")[6_789]
    link = RecordLink.objects.get(table="dossiers.TransitionLog", row_pk=target.pk)

    started = time.perf_counter()
    assert records.verify(plan.pk).intact
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nverify_records: {ENTRIES} links verified in {elapsed:.2f} s ({connection.vendor})")
    assert elapsed < 5

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TransitionLog._meta.db_table} SET note = %s WHERE id = %s", ["Đã sửa", target.pk])

    verdict = records.verify(plan.pk)
    assert (verdict.broken_seq, verdict.kind, verdict.row) == (link.seq, "timeline", f"dossiers.TransitionLog #{target.pk}")
    assert "note: 'Thêm đề nghị: người số 6789' → 'Đã sửa'" in verdict.detail
    code, out = _verify(capsys, "--campaign", str(plan.pk))
    assert code == 1
    assert f"Kế hoạch {plan.number} (id {plan.pk}): BỊ PHÁ VỠ tại mục số {link.seq}/{ENTRIES}" in out
    assert f"(nhật ký hồ sơ, dossiers.TransitionLog #{target.pk}): dòng dữ liệu đã bị sửa: note: 'Thêm đề nghị" in out


def test_a_deleted_row_is_found(plan, unit, member, capsys):
    dossier = DossierFactory(campaign=plan, unit=unit, created_by=member)
    _timeline(dossier, 50, member)
    records.seal()
    victim = TransitionLog.objects.order_by("pk")[20]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TransitionLog._meta.db_table} WHERE id = %s", [victim.pk])

    verdict = records.verify(plan.pk)
    assert verdict.broken_seq == 21 and verdict.detail == "dòng dữ liệu đã bị xoá"
    code, out = _verify(capsys)
    assert code == 1 and (
        f"BỊ PHÁ VỠ tại mục số 21/50 (nhật ký hồ sơ, dossiers.TransitionLog #{victim.pk}): dòng dữ liệu đã bị xoá"
    ) in out


def test_a_deleted_or_edited_link_is_found(plan, unit, member):
    dossier = DossierFactory(campaign=plan, unit=unit, created_by=member)
    _timeline(dossier, 10, member)
    records.seal()
    RecordLink.objects.filter(campaign=plan, seq=10).delete()
    assert records.verify(plan.pk).broken_seq == 10  # the head still says 10 links
    RecordLink.objects.filter(campaign=plan, seq=4).delete()
    assert records.verify(plan.pk).detail == "thiếu mục số 4 (đã bị xoá)"
    RecordLink.objects.filter(campaign=plan, seq=2).update(content='{"note":"khác"}')
    assert records.verify(plan.pk).detail == "nội dung lưu trong mục đã bị sửa"


def test_every_campaign_intact_exits_zero(plan, unit, member, capsys):
    dossier_services.create_dossier(campaign=plan, unit=unit, level="grassroots", by=member)
    code, out = _verify(capsys)
    assert code == 0 and f"Kế hoạch {plan.number} (id {plan.pk}): nguyên vẹn (1 mục)." in out
    assert "Đã kiểm tra 1 mục của 1 kế hoạch trong " in out


def test_seal_chains_only_rows_without_a_link(plan, unit, member):
    dossier = dossier_services.create_dossier(campaign=plan, unit=unit, level="grassroots", by=member)
    _timeline(dossier, 3, member)
    assert records.seal() == 3
    assert records.seal() == 0
    assert list(RecordLink.objects.filter(campaign=plan).values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert records.verify(plan.pk).intact


# The board sees the chain's state ------------------------------------------------------------------------------


def _supervision(client, user, plan):
    client.force_login(user)
    return client.get(reverse("campaign-supervision", args=[plan.pk]))


@pytest.mark.parametrize("who", ["inspector", "office", "director"])
def test_the_overseers_see_the_chain_intact(client, plan, unit, member, who, request, django_assert_max_num_queries):
    dossier = DossierFactory(campaign=plan, unit=unit, created_by=member)
    _timeline(dossier, 30, member)
    records.seal()
    user = request.getfixturevalue(who)

    with django_assert_max_num_queries(40):
        response = _supervision(client, user, plan)

    text = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "Chuỗi ghi nhận: <span class=\"text-success\">nguyên vẹn</span> <span class=\"fw-normal\">(30 mục, kiểm tra lúc 09:00 20/10/2023)" in text


def test_the_board_sees_the_first_broken_link_once_the_check_is_due(client, plan, unit, member, inspector):
    dossier = DossierFactory(campaign=plan, unit=unit, created_by=member)
    _timeline(dossier, 30, member)
    records.seal()
    assert "nguyên vẹn" in _supervision(client, inspector, plan).content.decode()
    target = TransitionLog.objects.order_by("pk")[7]
    TransitionLog.objects.filter(pk=target.pk).update(note="Sửa lén")

    # The last verification is shown while it is fresh (page views never walk the chain each time) …
    assert "nguyên vẹn" in _supervision(client, inspector, plan).content.decode()
    # … and verified again once it is older than records.FRESH_FOR.
    with time_machine.travel(vn(2023, 10, 20, 9, 11), tick=False):
        text = _supervision(client, inspector, plan).content.decode()
    assert "bị phá vỡ tại mục số 8" in text
    assert f"nhật ký hồ sơ (dossiers.TransitionLog #{target.pk}): dòng dữ liệu đã bị sửa" in text
    assert "Sửa lén" in text


def test_the_chain_is_not_shown_to_staff_nor_to_another_agency(client, plan, unit, member):
    records.verify_and_keep(plan.pk)
    other = inspector_user(username="thanhtra-khac", agency=AgencyFactory(name="Sở Tài chính", code="STC"))
    assert _supervision(client, other, plan).status_code == 404
    response = _supervision(client, member, plan)
    assert response.status_code in (403, 404)
    assert "Chuỗi ghi nhận" not in response.content.decode()


def test_the_rules_give_the_chain_to_the_overseers_only(plan, member, inspector, office):
    chain = RecordChain.objects.create(campaign=plan)
    assert inspector.has_perm("campaign.view_recordchain", chain)
    assert office.has_perm("campaign.view_recordchain", chain)
    assert not member.has_perm("campaign.view_recordchain", chain)
    assert not office.has_perm("campaign.change_recordlink")
    other_inspector = inspector_user(username="tt2", agency=AgencyFactory(name="Sở Y tế", code="SYT"))
    assert not other_inspector.has_perm("campaign.view_recordchain", chain)


# Concurrency (PostgreSQL) ---------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_campaign_make_one_valid_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")
    campaign = CampaignFactory()
    clerk = UserFactory()
    dossiers = [DossierFactory(campaign=campaign, created_by=clerk, state=DossierState.DRAFT) for _ in range(2)]
    per_thread = 40
    barrier = threading.Barrier(len(dossiers))
    errors: list[BaseException] = []

    def write(dossier):
        try:
            connection.ensure_connection()
            barrier.wait()
            for i in range(per_thread):
                TransitionLog.objects.create(
                    dossier=dossier, by=clerk, at=timezone.now(), from_state="draft", to_state="draft",
                    kind="nominee_added", note=f"Thêm đề nghị {i}",
                )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(d,)) for d in dossiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    seqs = list(RecordLink.objects.filter(campaign=campaign).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 2 * per_thread + 1))
    assert records.verify(campaign.pk).intact
    # Both writers really interleaved (the lock made them take turns, not one after the other wholesale).
    kinds = list(
        RecordLink.objects.filter(campaign=campaign).order_by("seq").values_list("row_pk", flat=True)
    )
    owners = dict(TransitionLog.objects.filter(pk__in=kinds).values_list("pk", "dossier_id"))
    assert len({owners[pk] for pk in kinds}) == 2


def test_an_unknown_campaign_is_refused_in_vietnamese(plan):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có kế hoạch nào có id 987654."):
        call_command("verify_records", "--campaign", "987654")


def test_seal_then_verify_says_what_it_chained(plan, unit, member, capsys):
    dossier = DossierFactory(campaign=plan, unit=unit, created_by=member)
    _timeline(dossier, 3, member)
    code, out = _verify(capsys, "--seal", "--campaign", str(plan.pk))
    assert code == 0
    assert out.splitlines()[:2] == [
        "Đã nối vào chuỗi 3 dòng dữ liệu chưa có mục.",
        f"Kế hoạch {plan.number} (id {plan.pk}): nguyên vẹn (3 mục).",
    ]
    call_command("seed_demo_records")
    assert capsys.readouterr().out.splitlines()[-1] == "Đã nối vào chuỗi 0 dòng dữ liệu chưa có mục."
