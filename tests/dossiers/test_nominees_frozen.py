"""R12: after the submission cutoff (10/11/2023 23:59:59 ICT) the nominees are frozen; a supplement adds
documents, not nominees. Every nominee added or removed, at any time, is on the dossier's timeline."""

import datetime as dt

import pytest
import time_machine

from campaign.models import Gender
from dossiers import services
from dossiers.models import DocumentKind, DossierFile, DossierState, Nomination, NomineeKind, TimelineKind
from tests.factories import StaffMemberFactory, office_user
from tests.helpers import vn

pytestmark = pytest.mark.django_db

LAST_SECOND = vn(2023, 11, 10, 23, 59, 59)
AFTER_CUTOFF = vn(2023, 11, 11, 0, 0, 0)
FROZEN = (
    "Đã hết hạn nộp hồ sơ (hạn cuối 10/11/2023): danh sách tập thể, cá nhân được đề nghị đã được chốt, không "
    "thể thêm hoặc bỏ người được đề nghị. Sau hạn này chỉ bổ sung được văn bản, báo cáo và tóm tắt thành tích của "
    "những người đã có trong hồ sơ."
)


@pytest.fixture
def newcomer(unit):
    return StaffMemberFactory(unit=unit, full_name="Nguyễn Thị An", gender=Gender.FEMALE, position="Kế toán")


@pytest.fixture
def returned(complete_draft, clerk):
    """Submitted on 01/11, returned by the office for a supplement due on 20/11 (after the cutoff)."""
    services.submit_dossier(dossier=complete_draft, by=clerk)
    services.request_supplement(
        dossier=complete_draft, by=office_user(), note="Biên bản thiếu chữ ký", due_date=dt.date(2023, 11, 20)
    )
    complete_draft.refresh_from_db()
    return complete_draft


def _written(dossier) -> dict:
    """Everything a refused change must leave as it was."""
    return {
        "nominations": list(
            Nomination.objects.order_by("pk").values_list("pk", "staff_id", "nominee_unit_id")
        ),
        "files": list(DossierFile.objects.order_by("pk").values_list("pk", "file")),
        "timeline": list(dossier.timeline.order_by("pk").values_list("pk", "kind", "note")),
    }


def _nominee_notes(dossier) -> list[tuple[str, str, str]]:
    return list(
        dossier.timeline.exclude(kind=TimelineKind.TRANSITION)
        .order_by("at", "pk")
        .values_list("kind", "to_state", "note")
    )


def _add(dossier, clerk, staff, **extra):
    return services.add_nomination(
        dossier=dossier,
        by=clerk,
        kind=NomineeKind.INDIVIDUAL,
        staff=staff,
        achievement_summary="Hoàn thành tốt.",
        **extra,
    )


# The rule in the service, at the boundary ------------------------------------------------------------


def test_nominees_frozen_answers_after_the_cutoff_only(returned):
    assert services.nominees_frozen(returned, LAST_SECOND) is False
    assert services.nominees_frozen(returned, AFTER_CUTOFF) is True


def test_a_nominee_added_to_a_returned_dossier_at_the_last_second_is_accepted_and_on_the_timeline(
    returned, clerk, newcomer
):
    with time_machine.travel(LAST_SECOND, tick=False):
        nomination = _add(returned, clerk, newcomer)
    assert nomination.dossier_id == returned.pk
    assert _nominee_notes(returned)[-1] == (
        TimelineKind.NOMINEE_ADDED,
        DossierState.RETURNED,
        "Thêm đề nghị: Bà Nguyễn Thị An (cá nhân)",
    )


def test_a_nominee_added_to_a_returned_dossier_after_the_cutoff_is_refused_naming_it_and_nothing_is_written(
    returned, clerk, newcomer, make_pdf, tmp_path
):
    before = _written(returned)
    stored_before = sorted((tmp_path / "private").rglob("*"))
    with time_machine.travel(AFTER_CUTOFF, tick=False):
        with pytest.raises(services.DeadlineError) as refused:
            _add(returned, clerk, newcomer, report=make_pdf("bao-cao-an.pdf"))
    assert refused.value.message == FROZEN
    assert _written(returned) == before
    assert sorted((tmp_path / "private").rglob("*")) == stored_before


def test_the_unit_itself_cannot_be_added_as_a_collective_after_the_cutoff(returned, clerk):
    before = _written(returned)
    with pytest.raises(services.DeadlineError) as refused:
        services.add_nomination(
            dossier=returned,
            by=clerk,
            kind=NomineeKind.COLLECTIVE,
            achievement_summary="Tập thể tốt.",
            now=AFTER_CUTOFF,
        )
    assert refused.value.message == FROZEN
    assert _written(returned) == before


def test_a_nominee_removed_from_a_draft_at_the_last_second_is_removed_and_on_the_timeline(
    complete_draft, clerk
):
    nomination = Nomination.objects.get()
    with time_machine.travel(LAST_SECOND, tick=False):
        services.remove_nomination(nomination=nomination, by=clerk)
    assert Nomination.objects.count() == 0
    assert _nominee_notes(complete_draft)[-1] == (
        TimelineKind.NOMINEE_REMOVED,
        DossierState.DRAFT,
        "Bỏ đề nghị: Ông Lê Văn Hùng (cá nhân)",
    )


def test_a_nominee_removed_after_the_cutoff_is_refused_naming_it_and_nothing_is_written(
    complete_draft, clerk
):
    before = _written(complete_draft)
    with time_machine.travel(AFTER_CUTOFF, tick=False):
        with pytest.raises(services.DeadlineError) as refused:
            services.remove_nomination(nomination=Nomination.objects.get(), by=clerk)
    assert refused.value.message == FROZEN
    assert _written(complete_draft) == before


def test_a_nominee_removed_from_a_returned_dossier_after_the_cutoff_is_refused_naming_the_cutoff(
    returned, clerk
):
    before = _written(returned)
    with pytest.raises(services.DeadlineError) as refused:
        services.remove_nomination(nomination=Nomination.objects.get(), by=clerk, now=AFTER_CUTOFF)
    assert refused.value.message == FROZEN
    assert _written(returned) == before


def test_a_document_supplement_after_the_cutoff_within_its_due_date_is_accepted_and_resubmitted(
    returned, clerk, make_pdf
):
    nomination = Nomination.objects.get()
    with time_machine.travel(vn(2023, 11, 15, 10), tick=False):
        minutes = services.upload_document(
            dossier=returned,
            by=clerk,
            kind=DocumentKind.MEETING_MINUTES,
            upload=make_pdf("bien-ban-du-chu-ky.pdf"),
        )
        report = services.upload_document(
            dossier=returned,
            by=clerk,
            kind=DocumentKind.ACHIEVEMENT_REPORT,
            upload=make_pdf("bao-cao-moi.pdf"),
            nomination=nomination,
        )
        services.update_nomination(
            nomination=nomination, by=clerk, achievement_summary="Bổ sung số liệu năm 2023."
        )
        dossier = services.submit_dossier(dossier=returned, by=clerk)
    assert (minutes.version, report.version) == (2, 2)
    assert Nomination.objects.get().achievement_summary == "Bổ sung số liệu năm 2023."
    assert dossier.state == DossierState.SUBMITTED


def test_every_addition_and_removal_is_on_the_timeline_in_order(draft, clerk, colleague, newcomer, unit):
    services.add_nomination(
        dossier=draft,
        by=clerk,
        kind=NomineeKind.COLLECTIVE,
        achievement_summary="Tập thể tốt.",
        now=vn(2023, 11, 2, 8),
    )
    _add(draft, clerk, colleague, now=vn(2023, 11, 2, 9))
    services.remove_nomination(
        nomination=Nomination.objects.get(staff=colleague), by=clerk, now=vn(2023, 11, 2, 10)
    )
    _add(draft, clerk, newcomer, now=vn(2023, 11, 2, 11))
    assert _nominee_notes(draft) == [
        (TimelineKind.NOMINEE_ADDED, DossierState.DRAFT, "Thêm đề nghị: Phòng Quản lý Công nghiệp (tập thể)"),
        (TimelineKind.NOMINEE_ADDED, DossierState.DRAFT, "Thêm đề nghị: Ông Lê Văn Hùng (cá nhân)"),
        (TimelineKind.NOMINEE_REMOVED, DossierState.DRAFT, "Bỏ đề nghị: Ông Lê Văn Hùng (cá nhân)"),
        (TimelineKind.NOMINEE_ADDED, DossierState.DRAFT, "Thêm đề nghị: Bà Nguyễn Thị An (cá nhân)"),
    ]
    assert [e.by for e in draft.timeline.exclude(kind=TimelineKind.TRANSITION)] == [clerk] * 4


def test_a_nominee_entry_reads_as_the_nominee_in_the_admin_and_elsewhere(complete_draft):
    entry = complete_draft.timeline.get(kind=TimelineKind.NOMINEE_ADDED)
    assert str(entry) == "09:00 01/11/2023: Thêm đề nghị: Ông Lê Văn Hùng (cá nhân)"
    assert entry.from_state == entry.to_state == DossierState.DRAFT


# The portal ------------------------------------------------------------------------------------------


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    client.clerk = clerk
    return client


def _page(client, dossier, when):
    with time_machine.travel(when, tick=False):
        client.force_login(client.clerk)  # a fresh session at the new time
        return client.get(f"/ho-so/{dossier.pk}/").content.decode()


def test_the_page_offers_adding_and_removing_until_the_cutoff(clerk_client, complete_draft):
    html = _page(clerk_client, complete_draft, LAST_SECOND)
    assert 'id="add-nomination"' in html
    assert "/xoa/" in html
    assert 'id="nominees-frozen"' not in html


def test_after_the_cutoff_the_page_offers_neither_adding_nor_removing_and_says_why(clerk_client, returned):
    html = _page(clerk_client, returned, AFTER_CUTOFF)
    assert 'id="add-nomination"' not in html
    assert "/xoa/" not in html
    assert FROZEN in html
    # What the supplement may still change is still offered.
    assert "Sửa tóm tắt" in html and 'data-kind="meeting_minutes"' in html and "Nộp lại hồ sơ" in html


def test_a_nominee_posted_after_the_cutoff_is_refused_on_the_page_and_nothing_is_written(
    clerk_client, returned, newcomer
):
    before = _written(returned)
    with time_machine.travel(AFTER_CUTOFF, tick=False):
        clerk_client.force_login(clerk_client.clerk)
        response = clerk_client.post(
            f"/ho-so/{returned.pk}/de-nghi/them/",
            {"kind": NomineeKind.INDIVIDUAL, "staff": newcomer.pk, "achievement_summary": "Hoàn thành tốt."},
        )
    assert response.status_code == 400
    assert FROZEN in response.content.decode()
    assert _written(returned) == before


def test_a_removal_posted_after_the_cutoff_is_refused_with_the_message_and_nothing_is_removed(
    clerk_client, complete_draft
):
    before = _written(complete_draft)
    nomination = Nomination.objects.get()
    with time_machine.travel(AFTER_CUTOFF, tick=False):
        clerk_client.force_login(clerk_client.clerk)
        response = clerk_client.post(f"/ho-so/{complete_draft.pk}/de-nghi/{nomination.pk}/xoa/", follow=True)
    assert FROZEN in response.content.decode()
    assert _written(complete_draft) == before


def test_the_timeline_shows_each_addition_and_removal_made_before_the_cutoff_after_it(
    clerk_client, draft, clerk, colleague, newcomer, make_pdf
):
    _add(draft, clerk, colleague, now=vn(2023, 11, 2, 9))
    services.remove_nomination(nomination=Nomination.objects.get(), by=clerk, now=vn(2023, 11, 2, 10))
    _add(draft, clerk, newcomer, now=vn(2023, 11, 2, 11))
    html = _page(clerk_client, draft, AFTER_CUTOFF)
    timeline = html[html.index('id="timeline"') :]
    assert timeline.count('<li class="nominee-change"') == 3
    assert '<div class="nominee-change-text">Thêm đề nghị: Ông Lê Văn Hùng (cá nhân)</div>' in timeline
    assert '<div class="nominee-change-text">Bỏ đề nghị: Ông Lê Văn Hùng (cá nhân)</div>' in timeline
    assert '<div class="nominee-change-text">Thêm đề nghị: Bà Nguyễn Thị An (cá nhân)</div>' in timeline
    # Only the changes of state are headed by a state.
    assert timeline.count("<strong>") == 1


def test_the_admin_dossier_page_lists_nominee_entries_in_its_timeline(client, returned):
    client.force_login(office_user(username="vanphong"))
    response = client.get(f"/quan-tri/dossiers/dossier/{returned.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thêm đề nghị: Ông Lê Văn Hùng (cá nhân)" in html
