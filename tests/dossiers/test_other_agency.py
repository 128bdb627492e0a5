"""One deployment, many agencies (R8): the people of another agency (its staff, office, Director and
inspection board) reach nothing of agency A's dossiers, in the portal or in the admin, and hear nothing
of them by mail; agency A's own office keeps doing all of it. Agency A's inspection board sees A's
dossiers, so it is refused (403), not kept in the dark (404)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign.rules import reason
from dossiers import services
from dossiers.models import DocumentKind, Dossier, DossierFile, DossierState, Nomination, TransitionLog
from tests.factories import (
    AgencyFactory,
    CampaignFactory,
    UnitFactory,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import pdf_bytes, run_tasks

pytestmark = pytest.mark.django_db

CHANGELIST = "/quan-tri/dossiers/dossier/"
UNIT_A = "Phòng Quản lý Công nghiệp"  # the `unit` fixture: agency A (Sở Công Thương)
UNIT_B = "Phòng Nghiệp vụ Dược"


def _stored_files() -> list[str]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _snapshot() -> dict:
    return {
        "dossiers": list(
            Dossier.objects.order_by("pk").values_list(
                "pk", "state", "updated_at", "supplement_note", "decision_note"
            )
        ),
        "nominations": list(
            Nomination.objects.order_by("pk").values_list("pk", "achievement_summary", "is_live")
        ),
        "files": list(DossierFile.objects.order_by("pk").values_list("pk", "version", "sha256")),
        "timeline": list(TransitionLog.objects.order_by("pk").values_list("pk", "to_state")),
        "stored": _stored_files(),
    }


@pytest.fixture
def agency_b(db):
    return AgencyFactory(code="SYT", name="Sở Y tế")


@pytest.fixture
def unit_b(agency_b):
    return UnitFactory(agency=agency_b, name=UNIT_B)


@pytest.fixture
def people_b(agency_b, unit_b):
    """Every kind of login agency B has."""
    return {
        "staff": staff_user(unit_b, username="canbo.syt"),
        "office": office_user(username="vanphong.syt", agency=agency_b),
        "director": director_user(username="giamdoc.syt", agency=agency_b),
        "board": inspector_user(username="thanhtra.syt", agency=agency_b),
    }


@pytest.fixture
def dossier_b(agency_b, unit_b, people_b):
    campaign_b = CampaignFactory(agency=agency_b, number="05/KH-SYT")
    return services.create_dossier(campaign=campaign_b, unit=unit_b, level="grassroots", by=people_b["staff"])


@pytest.fixture
def submitted(complete_draft, clerk):
    return services.submit_dossier(dossier=complete_draft, by=clerk)


def _request(client, method, path, data, dossier):
    """One request to a dossier page, with data that the unit's own clerk would get accepted."""
    nomination = Nomination.objects.filter(dossier=dossier).first()
    url = path.format(
        pk=dossier.pk, nid=nomination.pk, fid=DossierFile.objects.filter(dossier=dossier).first().pk
    )
    if data == "upload":
        data = {
            "kind": DocumentKind.PROPOSAL_LETTER,
            "file": SimpleUploadedFile("cv-moi.pdf", pdf_bytes("mới")),
        }
    return getattr(client, method)(url, data) if data else getattr(client, method)(url)


PORTAL_PAGES = [
    ("get", "/ho-so/{pk}/", None),
    ("get", "/ho-so/tep/{fid}/", None),
    ("post", "/ho-so/{pk}/tai-len/", "upload"),
    ("post", "/ho-so/{pk}/de-nghi/them/", {"kind": "collective", "achievement_summary": "Tập thể tốt."}),
    ("get", "/ho-so/{pk}/de-nghi/{nid}/sua/", None),
    ("post", "/ho-so/{pk}/de-nghi/{nid}/sua/", {"achievement_summary": "Sửa từ cơ quan khác"}),
    ("post", "/ho-so/{pk}/de-nghi/{nid}/xoa/", None),
    ("post", "/ho-so/{pk}/nop/", {"confirm": "on"}),
]
WHO_B = ["staff", "office", "director", "board"]


# The portal -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", WHO_B)
@pytest.mark.parametrize("method,path,data", PORTAL_PAGES)
def test_agency_b_gets_404_on_every_page_of_agency_as_dossier(
    client, people_b, complete_draft, who, method, path, data
):
    client.force_login(people_b[who])
    before = _snapshot()
    response = _request(client, method, path, data, complete_draft)
    assert response.status_code == 404
    assert UNIT_A not in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("who", WHO_B)
def test_agency_b_gets_404_on_withdrawing_agency_as_submitted_dossier(client, people_b, submitted, who):
    client.force_login(people_b[who])
    before = _snapshot()
    assert client.post(f"/ho-so/{submitted.pk}/rut/", {"note": "Rút"}).status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("who", WHO_B)
def test_agency_bs_dossier_list_shows_only_agency_b(client, people_b, dossier_b, complete_draft, who):
    client.force_login(people_b[who])
    html = client.get("/ho-so/").content.decode()
    assert f'href="/ho-so/{dossier_b.pk}/"' in html
    assert f'href="/ho-so/{complete_draft.pk}/"' not in html
    assert UNIT_A not in html


def test_agency_bs_staff_cannot_create_a_dossier_in_agency_as_campaign(people_b, unit_b, campaign):
    with pytest.raises(services.NotAllowed):
        services.create_dossier(campaign=campaign, unit=unit_b, level="grassroots", by=people_b["staff"])
    assert Dossier.objects.count() == 0


def test_agency_bs_office_cannot_review_agency_as_dossier_through_the_services(people_b, submitted):
    before = _snapshot()
    office_b = people_b["office"]
    with pytest.raises(services.NotAllowed):
        services.accept_dossier(dossier=submitted, by=office_b)
    with pytest.raises(services.NotAllowed):
        services.reject_dossier(dossier=submitted, by=office_b, reason="Không đúng đối tượng")
    with pytest.raises(services.NotAllowed):
        services.request_supplement(
            dossier=submitted, by=office_b, note="Bổ sung", due_date=submitted.campaign.submission_deadline
        )
    assert _snapshot() == before


# The admin --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "director", "board"])
def test_agency_bs_admin_changelist_does_not_list_agency_as_dossier(
    client, people_b, dossier_b, submitted, who
):
    client.force_login(people_b[who])
    response = client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert UNIT_B in html
    assert UNIT_A not in html
    assert f"/quan-tri/dossiers/dossier/{submitted.pk}/change/" not in html


@pytest.mark.parametrize("who", ["office", "director", "board"])
def test_agency_bs_admin_does_not_open_agency_as_dossier(client, people_b, submitted, who):
    client.force_login(people_b[who])
    change = client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/change/")
    # Django's admin answers an object outside the user's queryset by sending them to the admin index.
    assert change.status_code == 302 and change["Location"] == "/quan-tri/"
    followed = client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/change/", follow=True).content.decode()
    assert f"Hồ sơ đề nghị khen thưởng với ID “{submitted.pk}” không tồn tại." in followed
    assert UNIT_A not in followed
    history = client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/history/")
    assert history.status_code == 404
    assert UNIT_A not in history.content.decode()
    step = client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/accept/")
    assert step.status_code == 404


@pytest.mark.parametrize(
    "action,fields",
    [
        ("accept", {"note": ""}),
        ("reject", {"reason": "Không đúng đối tượng"}),
        ("request_supplement", {"note": "Bổ sung chữ ký", "due_date": "15/11/2023"}),
    ],
)
def test_agency_bs_office_admin_actions_change_nothing_of_agency_a(
    client, people_b, submitted, action, fields, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people_b["office"])
    before = _snapshot()
    data = {"action": action, "_selected_action": [submitted.pk], "apply": "1", **fields}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, data, follow=True)
    assert response.status_code == 200
    assert UNIT_A not in response.content.decode()
    assert _snapshot() == before
    assert mailoutbox == []
    # The single-dossier step is not there for them either.
    with django_capture_on_commit_callbacks(execute=True):
        step = client.post(f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/{action}/", data)
    assert step.status_code == 404
    assert _snapshot() == before


def test_agency_as_office_still_reviews_its_dossier_and_does_not_see_agency_b(
    client, submitted, dossier_b, people_b
):
    client.force_login(office_user(username="vanphong"))
    html = client.get(CHANGELIST).content.decode()
    assert UNIT_A in html and UNIT_B not in html
    page = client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/change/")
    assert page.status_code == 200
    assert f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/accept/" in page.content.decode()
    assert client.get(f"/quan-tri/dossiers/dossier/{dossier_b.pk}/change/").status_code == 302
    assert client.get(f"/ho-so/{submitted.pk}/").status_code == 200
    assert client.get(f"/ho-so/{dossier_b.pk}/").status_code == 404
    response = client.post(
        CHANGELIST,
        {"action": "accept", "_selected_action": [submitted.pk, dossier_b.pk], "apply": "1"},
        follow=True,
    )
    assert f"Đã tiếp nhận 1 hồ sơ: {UNIT_A}." in response.content.decode()
    submitted.refresh_from_db()
    dossier_b.refresh_from_db()
    assert (submitted.state, dossier_b.state) == (DossierState.ACCEPTED, DossierState.DRAFT)


@pytest.mark.parametrize(
    "action,fields",
    [
        ("reject", {"reason": "Không đúng đối tượng"}),
        ("request_supplement", {"note": "Bổ sung chữ ký", "due_date": "15/11/2023"}),
    ],
)
def test_agency_as_office_rejects_and_asks_for_supplements(client, submitted, action, fields):
    client.force_login(office_user(username="vanphong"))
    client.post(CHANGELIST, {"action": action, "_selected_action": [submitted.pk], "apply": "1", **fields})
    submitted.refresh_from_db()
    assert (
        submitted.state
        == {"reject": DossierState.REJECTED, "request_supplement": DossierState.RETURNED}[action]
    )


# Agency A's inspection board: sees, so refused with a reason --------------------------------------------


@pytest.mark.parametrize("method,path,data", [p for p in PORTAL_PAGES if p[0] == "post"])
def test_agency_as_inspection_board_is_refused_with_403_and_changes_nothing(
    client, complete_draft, method, path, data
):
    board = inspector_user(username="thanhtra")
    client.force_login(board)
    before = _snapshot()
    response = _request(client, method, path, data, complete_draft)
    assert response.status_code == 403
    assert reason(board, "dossiers.change_dossier", complete_draft) in response.content.decode()
    assert _snapshot() == before


def test_agency_as_inspection_board_cannot_withdraw_either(client, submitted):
    client.force_login(inspector_user(username="thanhtra"))
    before = _snapshot()
    assert client.post(f"/ho-so/{submitted.pk}/rut/", {"note": "Rút"}).status_code == 403
    assert _snapshot() == before


# Mail ---------------------------------------------------------------------------------------------------


def test_agency_bs_office_does_not_receive_agency_as_submission_mail(
    complete_draft, clerk, people_b, mailoutbox, django_capture_on_commit_callbacks
):
    office_a = office_user(username="vanphong")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_dossier(dossier=complete_draft, by=clerk)
    run_tasks()  # the notification and the sending are the queue's work
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([office_a.email, clerk.email])
    assert people_b["office"].email not in recipients


def test_each_agencys_office_address_hears_only_of_its_own_submissions(
    complete_draft, clerk, people_b, mailoutbox, django_capture_on_commit_callbacks
):
    agency_a = complete_draft.campaign.agency
    agency_a.office_email = "vanphong@sct.example.vn"
    agency_a.save()
    agency_b = people_b["office"].memberships.get().agency
    agency_b.office_email = "vanphong@syt.example.vn"
    agency_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_dossier(dossier=complete_draft, by=clerk)
    run_tasks()  # the notification and the sending are the queue's work
    recipients = {address for message in mailoutbox for address in message.to}
    assert "vanphong@sct.example.vn" in recipients
    assert "vanphong@syt.example.vn" not in recipients
