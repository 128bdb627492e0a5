"""A staff member who has left (StaffMember.is_active False) loses the unit's rights at once (R8): they
see none of its dossiers or files, and every change they try is refused with nothing written."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign.models import StaffMember
from campaign.rules import LEFT
from dossiers import services
from dossiers.models import DocumentKind, Dossier, DossierFile, Nomination, NomineeKind, TransitionLog
from tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def _stored_files() -> list[str]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _snapshot() -> dict:
    """Everything a refused action must leave as it was: rows, their content, and the stored files."""
    return {
        "dossiers": list(Dossier.objects.order_by("pk").values_list("pk", "state", "updated_at")),
        "nominations": list(
            Nomination.objects.order_by("pk").values_list("pk", "achievement_summary", "is_live")
        ),
        "files": list(DossierFile.objects.order_by("pk").values_list("pk", "version", "sha256")),
        "timeline": list(TransitionLog.objects.order_by("pk").values_list("pk", "to_state")),
        "stored": _stored_files(),
    }


def _leave(user: User) -> User:
    """The office marks the staff member as gone; the user object is reloaded as a new request would."""
    StaffMember.objects.filter(user=user).update(is_active=False)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def left_client(client, clerk, complete_draft):
    """The unit's clerk, logged in while still working there, then marked as having left."""
    client.force_login(clerk)
    _leave(clerk)
    return client


def test_a_staff_member_who_has_left_gets_no_dossier_list(left_client, complete_draft):
    response = left_client.get("/ho-so/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc tài liệu" in html
    assert f"/ho-so/{complete_draft.pk}/" not in html
    assert "Mở hồ sơ" not in html


def test_a_staff_member_who_has_left_cannot_open_the_units_dossier_or_any_of_its_files(
    left_client, complete_draft
):
    assert left_client.get(f"/ho-so/{complete_draft.pk}/").status_code == 404
    file_ids = list(DossierFile.objects.values_list("pk", flat=True))
    assert len(file_ids) == 3
    assert [left_client.get(f"/ho-so/tep/{pk}/").status_code for pk in file_ids] == [404, 404, 404]


def test_a_staff_member_who_has_left_cannot_create_a_dossier(left_client, clerk, campaign, unit):
    before = _snapshot()
    assert left_client.get("/ho-so/tao-moi/").status_code == 404
    assert (
        left_client.post("/ho-so/tao-moi/", {"campaign": campaign.pk, "level": "provincial"}).status_code
        == 404
    )
    with pytest.raises(services.NotAllowed) as refused:
        services.create_dossier(
            campaign=campaign, unit=unit, level="provincial", by=User.objects.get(pk=clerk.pk)
        )
    assert refused.value.message == LEFT
    assert _snapshot() == before


@pytest.mark.parametrize(
    "method,path,data",
    [
        ("post", "/ho-so/{pk}/tai-len/", "upload"),
        ("post", "/ho-so/{pk}/de-nghi/them/", {"kind": "collective", "achievement_summary": "Tập thể tốt."}),
        ("get", "/ho-so/{pk}/de-nghi/{nid}/sua/", None),
        ("post", "/ho-so/{pk}/de-nghi/{nid}/sua/", {"achievement_summary": "Đã sửa sau khi nghỉ"}),
        ("post", "/ho-so/{pk}/de-nghi/{nid}/xoa/", None),
        ("post", "/ho-so/{pk}/nop/", {"confirm": "on"}),
    ],
)
def test_a_staff_member_who_has_left_changes_nothing_of_the_units_draft(
    left_client, complete_draft, method, path, data
):
    before = _snapshot()
    assert len(before["stored"]) == 3  # the letter, the minutes and the report are really on disk
    url = path.format(pk=complete_draft.pk, nid=Nomination.objects.get().pk)
    if data == "upload":
        data = {
            "kind": DocumentKind.PROPOSAL_LETTER,
            "file": SimpleUploadedFile("cv-moi.pdf", pdf_bytes("mới")),
        }
    response = getattr(left_client, method)(url, data) if data else getattr(left_client, method)(url)
    assert response.status_code == 404
    assert _snapshot() == before


def test_a_staff_member_who_has_left_cannot_withdraw_the_submitted_dossier(client, clerk, complete_draft):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    client.force_login(clerk)
    _leave(clerk)
    before = _snapshot()
    assert client.post(f"/ho-so/{complete_draft.pk}/rut/", {"note": "Rút"}).status_code == 404
    assert _snapshot() == before


def test_the_services_refuse_a_staff_member_who_has_left_with_the_reason(clerk, complete_draft, make_pdf):
    nomination = Nomination.objects.get()
    gone = _leave(clerk)
    before = _snapshot()
    attempts = {
        "upload": lambda: services.upload_document(
            dossier=complete_draft, by=gone, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf("cv2.pdf")
        ),
        "add": lambda: services.add_nomination(
            dossier=complete_draft, by=gone, kind=NomineeKind.COLLECTIVE, achievement_summary="Tập thể."
        ),
        "edit": lambda: services.update_nomination(nomination=nomination, by=gone, achievement_summary="Sửa"),
        "remove": lambda: services.remove_nomination(nomination=nomination, by=gone),
        "submit": lambda: services.submit_dossier(dossier=complete_draft, by=gone),
    }
    messages = {}
    for name, attempt in attempts.items():
        with pytest.raises(services.NotAllowed) as refused:
            attempt()
        messages[name] = refused.value.message
    assert messages == dict.fromkeys(attempts, LEFT)
    assert _snapshot() == before


def test_withdrawing_is_refused_to_a_staff_member_who_has_left(clerk, complete_draft):
    services.submit_dossier(dossier=complete_draft, by=clerk)
    gone = _leave(clerk)
    before = _snapshot()
    with pytest.raises(services.NotAllowed) as refused:
        services.withdraw_dossier(dossier=complete_draft, by=gone)
    assert refused.value.message == LEFT
    assert _snapshot() == before


def test_the_units_other_staff_keep_acting_after_a_colleague_left(client, clerk, unit, complete_draft):
    from tests.factories import staff_user

    _leave(clerk)
    client.force_login(staff_user(unit, username="vanthu.moi"))
    response = client.post(f"/ho-so/{complete_draft.pk}/nop/", {"confirm": "on"})
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.state == "submitted"
