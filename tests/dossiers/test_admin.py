"""The office's review in the admin: actions call the workflow services, refusals change nothing."""

import pytest
from django.core import mail

from campaign.rules import OFFICE_ONLY
from dossiers import services
from dossiers.models import Dossier, DossierState
from tests.factories import UnitFactory, inspector_user, office_user
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db

CHANGELIST = "/quan-tri/dossiers/dossier/"


@pytest.fixture
def office_client(client):
    client.force_login(office_user(username="vanphong"))
    return client


@pytest.fixture
def submitted(complete_draft, clerk):
    return services.submit_dossier(dossier=complete_draft, by=clerk)


def _action(client, action, dossiers, **fields):
    data = {"action": action, "_selected_action": [d.pk for d in dossiers], "apply": "1", **fields}
    return client.post(CHANGELIST, data, follow=True)


def test_changelist_shows_units_states_and_missing_documents(office_client, submitted, draft_of_other_unit):
    html = office_client.get(CHANGELIST).content.decode()
    assert "Phòng Quản lý Công nghiệp" in html and "Đã nộp" in html
    assert "<li>Công văn đề nghị</li>" in html  # the other unit's draft lacks it


@pytest.fixture
def draft_of_other_unit(campaign, other_unit):
    from tests.factories import staff_user

    return services.create_dossier(campaign=campaign, unit=other_unit, level="grassroots", by=staff_user(other_unit))


def test_accept_action_asks_then_accepts_and_notifies(office_client, submitted, django_capture_on_commit_callbacks):
    page = office_client.post(CHANGELIST, {"action": "accept", "_selected_action": [submitted.pk]})
    assert "Tiếp nhận hồ sơ" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(office_client, "accept", [submitted])
    assert "Đã tiếp nhận 1 hồ sơ: Phòng Quản lý Công nghiệp." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == DossierState.ACCEPTED
    run_tasks()  # the outbox is sent by the queue's worker
    assert [m.subject for m in mail.outbox] == ["[Thi đua] Hồ sơ của Phòng Quản lý Công nghiệp: Đã tiếp nhận"]


def test_reject_action_requires_a_reason(office_client, submitted):
    response = _action(office_client, "reject", [submitted], reason="")
    assert "Hãy ghi rõ lý do không tiếp nhận hồ sơ." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == DossierState.SUBMITTED
    _action(office_client, "reject", [submitted], reason="Không đúng đối tượng")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.decision_note) == (DossierState.REJECTED, "Không đúng đối tượng")


def test_supplement_action_records_note_and_due_date(office_client, submitted):
    response = _action(office_client, "request_supplement", [submitted], note="Thiếu chữ ký", due_date="15/11/2023")
    assert "Đã yêu cầu bổ sung 1 hồ sơ" in response.content.decode()
    submitted.refresh_from_db()
    assert (submitted.state, submitted.supplement_note, f"{submitted.supplement_due:%d/%m/%Y}") == (
        DossierState.RETURNED, "Thiếu chữ ký", "15/11/2023",
    )
    assert submitted.timeline.last().due_date == submitted.supplement_due


def test_bad_due_date_is_answered_in_vietnamese(office_client, submitted):
    response = _action(office_client, "request_supplement", [submitted], note="x", due_date="31/02/2023")
    assert "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == DossierState.SUBMITTED


def test_bulk_accept_reports_each_refusal_and_changes_nothing_for_it(office_client, submitted, draft_of_other_unit):
    response = _action(office_client, "accept", [submitted, draft_of_other_unit])
    html = response.content.decode()
    change = f"/quan-tri/dossiers/dossier/{draft_of_other_unit.pk}/change/"
    assert (
        f'<a href="{change}">Phòng Quản lý Thương mại</a>: Không thể tiếp nhận hồ sơ: hồ sơ đang ở trạng thái “Nháp”.'
        in html
    )
    assert "Đã tiếp nhận 1 hồ sơ: Phòng Quản lý Công nghiệp." in html
    draft_of_other_unit.refresh_from_db()
    assert draft_of_other_unit.state == DossierState.DRAFT


def test_single_dossier_step_from_its_own_page(office_client, submitted):
    page = office_client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/change/").content.decode()
    assert f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/accept/" in page
    office_client.post(f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/accept/", {
        "action": "accept", "_selected_action": [submitted.pk], "apply": "1",
    })
    submitted.refresh_from_db()
    assert submitted.state == DossierState.ACCEPTED


def test_inspection_board_sees_dossiers_in_the_admin_without_actions(client, submitted):
    client.force_login(inspector_user())
    html = client.get(CHANGELIST).content.decode()
    assert "Phòng Quản lý Công nghiệp" in html
    assert 'name="action"' not in html
    response = client.post(CHANGELIST, {"action": "accept", "_selected_action": [submitted.pk], "apply": "1"})
    assert response.status_code in (200, 302, 403)
    submitted.refresh_from_db()
    assert submitted.state == DossierState.SUBMITTED
    # The board sees the dossier but does not review it: a 403 with the reason, and nothing changes.
    step = client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/accept/")
    assert step.status_code == 403
    assert OFFICE_ONLY in step.content.decode()
    client.post(f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/accept/", {"apply": "1"})
    submitted.refresh_from_db()
    assert submitted.state == DossierState.SUBMITTED


def test_changelist_query_count_is_constant(office_client, campaign, clerk, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            Dossier.objects.create(campaign=campaign, unit=UnitFactory(agency=campaign.agency), level="grassroots",
                                   created_by=clerk)

    add(2)
    with django_assert_max_num_queries(20) as few:
        office_client.get(CHANGELIST)
    add(60)
    with django_assert_max_num_queries(20) as many:
        response = office_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_search_by_nominee(office_client, submitted):
    html = office_client.get(CHANGELIST + "?q=Lê Văn Hùng").content.decode()
    assert "1 hồ sơ đề nghị khen thưởng" in html or "Phòng Quản lý Công nghiệp" in html


def test_deleting_a_campaign_with_dossiers_is_refused_at_once_and_changes_nothing(
    office_client, campaign, clerk, django_assert_max_num_queries
):
    """Django's confirmation would read and name every dossier (and its nominations and files) only to refuse;
    what the office may not delete is counted first, so the refusal costs the same for 3 dossiers as for 60."""
    def add(count):
        for _ in range(count):
            Dossier.objects.create(campaign=campaign, unit=UnitFactory(agency=campaign.agency), level="grassroots",
                                   created_by=clerk)

    page = f"/quan-tri/campaign/campaign/{campaign.pk}/delete/"
    add(3)
    with django_assert_max_num_queries(40) as few:
        response = office_client.get(page)
    assert "Hồ sơ đề nghị khen thưởng (3)" in response.content.decode()
    add(57)
    with django_assert_max_num_queries(40) as many:
        response = office_client.get(page)
    html = response.content.decode()
    assert "Không thể xóa" in html and "Hồ sơ đề nghị khen thưởng (60)" in html
    assert len(many.captured_queries) == len(few.captured_queries)
    # The bulk action of the list gives the same answer, and posting the deletion deletes nothing.
    bulk = office_client.post("/quan-tri/campaign/campaign/", {"action": "delete_selected",
                                                                "_selected_action": [campaign.pk]})
    assert "Hồ sơ đề nghị khen thưởng (60)" in bulk.content.decode()
    assert "Không thể xóa" in office_client.post(page, {"post": "yes"}).content.decode()
    assert Dossier.objects.filter(campaign=campaign).count() == 60
    campaign.refresh_from_db()  # still there
