import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from dossiers import services
from dossiers.models import (
    DocumentKind,
    Dossier,
    DossierFile,
    DossierState,
    Nomination,
    NomineeKind,
    TimelineKind,
)
from tests.factories import CampaignFactory, StaffMemberFactory, office_user, staff_user
from tests.helpers import run_tasks, vn

pytestmark = pytest.mark.django_db

BEFORE_CUTOFF = vn(2023, 11, 2, 9)


def _states(dossier):
    """The dossier's changes of state (its timeline also names each nominee added or removed)."""
    return [(e.from_state, e.to_state) for e in dossier.timeline.filter(kind=TimelineKind.TRANSITION).order_by("at", "pk")]


def test_create_dossier_starts_a_draft_with_a_timeline_entry(draft, clerk):
    assert draft.state == DossierState.DRAFT
    assert _states(draft) == [("", "draft")]
    assert draft.timeline.get().by == clerk


def test_second_live_dossier_for_the_same_level_is_refused(draft, campaign, unit, clerk):
    with pytest.raises(services.DomainError) as refused:
        services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=clerk)
    assert "Đơn vị đã có hồ sơ" in refused.value.message
    assert Dossier.objects.count() == 1


def test_staff_of_another_unit_cannot_create_for_this_unit(campaign, unit, other_unit):
    outsider = staff_user(other_unit)
    with pytest.raises(services.NotAllowed):
        services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=outsider)


def test_submit_a_complete_draft(complete_draft, clerk):
    dossier = services.submit_dossier(dossier=complete_draft, by=clerk, now=BEFORE_CUTOFF)
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.submitted_at == BEFORE_CUTOFF
    assert _states(dossier) == [("", "draft"), ("draft", "submitted")]


def test_submission_snapshots_the_nominee(complete_draft, clerk, colleague):
    services.submit_dossier(dossier=complete_draft, by=clerk, now=BEFORE_CUTOFF)
    colleague.position = "Phó Trưởng phòng"
    colleague.save()
    nomination = Nomination.objects.get()
    assert (nomination.snapshot_name, nomination.snapshot_position, nomination.snapshot_unit_name) == (
        "Lê Văn Hùng",
        "Chuyên viên",
        "Phòng Quản lý Công nghiệp",
    )
    assert nomination.position == "Chuyên viên"


def test_submit_with_missing_documents_is_refused_and_names_them(draft, clerk, colleague):
    services.add_nomination(
        dossier=draft, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=colleague, achievement_summary="Tốt."
    )
    with pytest.raises(services.IncompleteDossier) as refused:
        services.submit_dossier(dossier=draft, by=clerk, now=BEFORE_CUTOFF)
    assert refused.value.missing == [
        "Công văn đề nghị",
        "Biên bản họp xét đề nghị khen thưởng",
        "Báo cáo tóm tắt thành tích của Lê Văn Hùng",
    ]
    draft.refresh_from_db()
    assert draft.state == DossierState.DRAFT
    assert _states(draft) == [("", "draft")]


def test_provincial_dossier_asks_for_the_full_report(campaign, unit, clerk, colleague, make_pdf):
    dossier = services.create_dossier(campaign=campaign, unit=unit, level="provincial", by=clerk)
    services.add_nomination(
        dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=colleague, achievement_summary="Tốt."
    )
    assert services.missing_documents(dossier)[-1] == "Báo cáo thành tích của Lê Văn Hùng"


def test_empty_dossier_needs_a_nominee(draft):
    assert services.missing_documents(draft)[-1] == "Ít nhất một tập thể hoặc cá nhân được đề nghị"


def test_submit_at_the_last_second_of_the_cutoff_is_accepted(complete_draft, clerk):
    dossier = services.submit_dossier(dossier=complete_draft, by=clerk, now=vn(2023, 11, 10, 23, 59, 59))
    assert dossier.state == DossierState.SUBMITTED


def test_submit_after_cutoff_is_refused_and_keeps_the_draft(complete_draft, clerk):
    files_before = list(DossierFile.objects.values_list("pk", "sha256"))
    with pytest.raises(services.DeadlineError) as refused:
        services.submit_dossier(dossier=complete_draft, by=clerk, now=vn(2023, 11, 11, 0, 0, 0))
    assert refused.value.message == (
        "Đã hết hạn nộp hồ sơ (hạn cuối 10/11/2023). Bản nháp của đơn vị vẫn được giữ nguyên."
    )
    complete_draft.refresh_from_db()
    assert complete_draft.state == DossierState.DRAFT
    assert list(DossierFile.objects.values_list("pk", "sha256")) == files_before
    assert Nomination.objects.get().achievement_summary == "Hoàn thành xuất sắc nhiệm vụ."


def test_cutoff_holds_whatever_the_server_time_zone(complete_draft, clerk, settings):
    settings.TIME_ZONE = "UTC"
    # 10/11/2023 17:00 UTC is 11/11/2023 00:00 in Vietnam: too late.
    with pytest.raises(services.DeadlineError):
        services.submit_dossier(
            dossier=complete_draft, by=clerk, now=dt.datetime(2023, 11, 10, 17, 0, tzinfo=dt.UTC)
        )


def test_double_submit_one_wins_the_other_gets_a_clear_message(complete_draft, clerk):
    services.submit_dossier(dossier=complete_draft, by=clerk, now=BEFORE_CUTOFF)
    stale = Dossier.objects.get(pk=complete_draft.pk)
    stale.state = DossierState.DRAFT  # the second tab still shows the draft
    with pytest.raises(services.NotAllowed) as refused:
        services.submit_dossier(dossier=stale, by=clerk, now=BEFORE_CUTOFF)
    assert refused.value.message == "Hồ sơ đã được nộp lúc 09:00 ngày 02/11/2023; không cần nộp lại."
    assert complete_draft.timeline.filter(kind=TimelineKind.TRANSITION).count() == 2


def test_submission_mails_the_office_and_the_unit(complete_draft, clerk, django_capture_on_commit_callbacks):
    office = office_user(username="vanphong")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_dossier(dossier=complete_draft, by=clerk, now=BEFORE_CUTOFF)
    run_tasks()  # the outbox is sent by the queue's worker
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert recipients == sorted([(office.email,), (clerk.email,)])
    assert mail.outbox[0].subject == "[Thi đua] Phòng Quản lý Công nghiệp nộp hồ sơ đề nghị khen thưởng"
    # The level as a sentence says it, without the nested parentheses of its label.
    assert complete_draft.level == "grassroots"
    assert all("đề nghị khen thưởng (Giấy khen của Giám đốc Sở)" in m.body for m in mail.outbox)


def test_mail_is_not_sent_when_the_submission_is_refused(draft, clerk, django_capture_on_commit_callbacks):
    office_user()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.IncompleteDossier):
        services.submit_dossier(dossier=draft, by=clerk, now=BEFORE_CUTOFF)
    run_tasks()
    assert mail.outbox == []


# Nominees (R7) ---------------------------------------------------------------------------------------


def test_a_nominee_already_in_another_live_nomination_is_refused(
    complete_draft, campaign, other_unit, colleague, clerk
):
    second = services.create_dossier(campaign=campaign, unit=complete_draft.unit, level="provincial", by=clerk)
    # Same person, other level: allowed.
    services.add_nomination(
        dossier=second, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=colleague, achievement_summary="Tốt."
    )
    # Same level again: refused (the live dossier already holds them).
    with pytest.raises(services.DomainError) as refused:
        services.add_nomination(
            dossier=complete_draft, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=colleague, achievement_summary="x"
        )
    assert refused.value.message.startswith("Lê Văn Hùng đã có trong một đề nghị khác")


def test_the_database_keeps_one_live_nomination_per_nominee(complete_draft, colleague):
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(
            dossier=complete_draft,
            campaign=complete_draft.campaign,
            level=complete_draft.level,
            kind=NomineeKind.INDIVIDUAL,
            staff=colleague,
            achievement_summary="bỏ qua dịch vụ",
        )


def test_a_staff_member_of_another_unit_cannot_be_nominated(draft, clerk, other_unit):
    stranger = StaffMemberFactory(unit=other_unit, full_name="Võ Thị Lan")
    with pytest.raises(services.DomainError) as refused:
        services.add_nomination(
            dossier=draft, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=stranger, achievement_summary="x"
        )
    assert refused.value.message.startswith("Võ Thị Lan không thuộc Phòng Quản lý Công nghiệp")
    assert Nomination.objects.count() == 0


def test_the_unit_itself_as_a_collective_only_once(draft, clerk):
    services.add_nomination(dossier=draft, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary="Tập thể tốt.")
    with pytest.raises(services.DomainError):
        services.add_nomination(dossier=draft, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary="Lần 2")
    assert Nomination.objects.get().nominee_unit == draft.unit


def test_withdrawing_frees_the_nominees(complete_draft, clerk, colleague, campaign):
    services.submit_dossier(dossier=complete_draft, by=clerk, now=BEFORE_CUTOFF)
    services.withdraw_dossier(dossier=complete_draft, by=clerk, note="Đề nghị lại sau", now=BEFORE_CUTOFF)
    again = services.create_dossier(campaign=campaign, unit=complete_draft.unit, level="grassroots", by=clerk)
    services.add_nomination(
        dossier=again, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=colleague, achievement_summary="Lần hai."
    )
    assert Nomination.objects.filter(staff=colleague, is_live=True).count() == 1


def test_nominations_can_be_removed_from_a_draft_only(complete_draft, clerk):
    nomination = Nomination.objects.get()
    services.submit_dossier(dossier=complete_draft, by=clerk, now=BEFORE_CUTOFF)
    with pytest.raises(services.NotAllowed):
        services.remove_nomination(nomination=nomination, by=clerk)
    assert Nomination.objects.count() == 1


# Uploads ---------------------------------------------------------------------------------------------


def test_a_file_renamed_to_pdf_is_refused(draft, clerk):
    fake = SimpleUploadedFile("cong-van.pdf", b"PK\x03\x04 not really a pdf", content_type="application/pdf")
    with pytest.raises(services.DomainError) as refused:
        services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=fake)
    assert refused.value.message.startswith("Nội dung tệp “cong-van.pdf” không phải là tệp PDF thật")
    assert DossierFile.objects.count() == 0


def test_an_oversize_file_is_refused_with_the_limit(draft, clerk, settings, make_pdf):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("to.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 - 9))
    with pytest.raises(services.DomainError) as refused:
        services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=big)
    assert refused.value.message == (
        "Tệp “to.pdf” có dung lượng 2 MB, vượt quá giới hạn 1 MB cho mỗi tệp. Vui lòng nén hoặc chia nhỏ tệp."
    )


def test_an_empty_file_is_refused(draft, clerk):
    empty = SimpleUploadedFile("bien-ban.pdf", b"")
    with pytest.raises(services.DomainError) as refused:
        services.upload_document(dossier=draft, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=empty)
    assert refused.value.message == "Tệp “bien-ban.pdf” rỗng (0 byte). Vui lòng chọn đúng tệp."


def test_new_versions_keep_the_old_ones(draft, clerk, make_pdf):
    first = services.upload_document(
        dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf("v1.pdf", "một")
    )
    second = services.upload_document(
        dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf("v2.pdf", "hai")
    )
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    first.refresh_from_db()
    assert first.file.read().endswith(b"\ntrailer<<>>\n%%EOF\n")


def test_stored_under_a_generated_name_with_the_original_kept(draft, clerk, make_pdf):
    stored = services.upload_document(
        dossier=draft, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf("../../Công văn số 12.pdf")
    )
    assert stored.original_name == "Công văn số 12.pdf"
    assert "Công" not in stored.file.name and ".." not in stored.file.name
    assert stored.file.name.endswith(".pdf")


# Office transitions --------------------------------------------------------------------------------


@pytest.fixture
def submitted(complete_draft, clerk):
    return services.submit_dossier(dossier=complete_draft, by=clerk)


@pytest.fixture
def office():
    return office_user(username="vanphong")


def test_supplement_request_then_resubmission_until_its_due_date(submitted, office, clerk, make_pdf):
    services.request_supplement(
        dossier=submitted, by=office, note="Bổ sung biên bản có chữ ký", due_date=dt.date(2023, 11, 15),
        now=vn(2023, 11, 11, 8),
    )
    services.upload_document(
        dossier=submitted, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=make_pdf("bien-ban-ky.pdf")
    )
    # After the general cutoff but before the supplement's own due date: accepted (R3).
    dossier = services.submit_dossier(dossier=submitted, by=clerk, now=vn(2023, 11, 15, 23, 59, 59))
    assert dossier.state == DossierState.SUBMITTED
    assert _states(dossier)[-2:] == [("submitted", "returned"), ("returned", "submitted")]
    assert DossierFile.objects.filter(kind=DocumentKind.MEETING_MINUTES).count() == 2


def test_resubmission_after_the_supplement_due_date_is_refused(submitted, office, clerk):
    services.request_supplement(
        dossier=submitted, by=office, note="Bổ sung", due_date=dt.date(2023, 11, 15), now=vn(2023, 11, 11, 8)
    )
    with pytest.raises(services.DeadlineError) as refused:
        services.submit_dossier(dossier=submitted, by=clerk, now=vn(2023, 11, 16, 0, 0, 0))
    assert refused.value.message.startswith("Đã quá hạn bổ sung hồ sơ (hạn bổ sung: hết ngày 15/11/2023).")
    submitted.refresh_from_db()
    assert submitted.state == DossierState.RETURNED


def test_supplement_request_needs_a_note_and_a_future_due_date(submitted, office):
    with pytest.raises(services.DomainError):
        services.request_supplement(dossier=submitted, by=office, note=" ", due_date=dt.date(2023, 11, 15))
    with pytest.raises(services.DomainError):
        services.request_supplement(
            dossier=submitted, by=office, note="x", due_date=dt.date(2023, 11, 1), now=vn(2023, 11, 11)
        )
    submitted.refresh_from_db()
    assert submitted.state == DossierState.SUBMITTED


def test_accept_and_reject(submitted, office, clerk, campaign, unit):
    services.accept_dossier(dossier=submitted, by=office)
    assert Dossier.objects.get().state == DossierState.ACCEPTED
    with pytest.raises(services.NotAllowed) as refused:
        services.withdraw_dossier(dossier=submitted, by=clerk)
    assert refused.value.message == "Không thể rút hồ sơ: hồ sơ đang ở trạng thái “Đã tiếp nhận”."


def test_reject_records_the_reason_and_frees_the_nominees(submitted, office):
    services.reject_dossier(dossier=submitted, by=office, reason="Không đúng đối tượng")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.decision_note) == (DossierState.REJECTED, "Không đúng đối tượng")
    assert Nomination.objects.get().is_live is False
    assert submitted.timeline.last().note == "Không đúng đối tượng"


def test_accepting_a_draft_is_refused(draft, office):
    with pytest.raises(services.NotAllowed) as refused:
        services.accept_dossier(dossier=draft, by=office)
    assert refused.value.message == "Không thể tiếp nhận hồ sơ: hồ sơ đang ở trạng thái “Nháp”."


def test_only_the_office_takes_office_steps(submitted, clerk):
    with pytest.raises(services.NotAllowed):
        services.accept_dossier(dossier=submitted, by=clerk)


def test_a_drafted_dossier_in_another_campaign_is_independent(clerk, unit, colleague):
    other = CampaignFactory(agency=unit.agency, year=2024, number="1/KH-SCT")
    dossier = services.create_dossier(campaign=other, unit=unit, level="grassroots", by=clerk)
    assert dossier.campaign == other
