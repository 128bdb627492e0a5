"""A withdraw note that cannot be kept is a form error on the dossier's page, and nothing is withdrawn
(issue 12, point 10: it used to be dropped in silence while the withdrawal went on)."""

import pytest

from dossiers import services
from dossiers.models import DossierState, Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(complete_draft, clerk):
    return services.submit_dossier(dossier=complete_draft, by=clerk)


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def _unchanged(dossier) -> tuple:
    dossier.refresh_from_db()
    return (
        dossier.state,
        list(dossier.timeline.order_by("pk").values_list("pk", "to_state", "note")),
        list(Nomination.objects.values_list("pk", "is_live")),
    )


def test_a_too_long_withdraw_note_is_a_form_error_and_nothing_is_withdrawn(clerk_client, submitted):
    before = _unchanged(submitted)
    note = "Lý do rất dài. " * 200  # 3,000 characters
    response = clerk_client.post(f"/ho-so/{submitted.pk}/rut/", {"note": note})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Lý do rút hồ sơ tối đa 2000 ký tự (hiện có 2999). Hồ sơ chưa được rút." in html
    assert note.strip() in html  # what the user typed is still in the field
    assert "Đã rút hồ sơ." not in html
    assert _unchanged(submitted) == before
    assert submitted.state == DossierState.SUBMITTED


def test_a_withdraw_note_with_a_nul_character_is_a_form_error_and_nothing_is_withdrawn(
    clerk_client, submitted
):
    before = _unchanged(submitted)
    response = clerk_client.post(f"/ho-so/{submitted.pk}/rut/", {"note": "Rút\x00 hồ sơ"})
    assert response.status_code == 400
    assert (
        "Lý do rút hồ sơ chứa ký tự không hợp lệ (ký tự NUL); vui lòng nhập lại." in response.content.decode()
    )
    assert _unchanged(submitted) == before


def test_the_withdraw_service_refuses_a_note_it_cannot_keep_and_changes_nothing(submitted, clerk):
    before = _unchanged(submitted)
    with pytest.raises(services.DomainError) as refused:
        services.withdraw_dossier(dossier=submitted, by=clerk, note="x" * 2001)
    assert refused.value.message == "Lý do rút hồ sơ dài 2001 ký tự; tối đa 2000 ký tự. Hồ sơ chưa được rút."
    with pytest.raises(services.DomainError):
        services.withdraw_dossier(dossier=submitted, by=clerk, note="a\x00b")
    assert _unchanged(submitted) == before


def test_a_withdraw_note_at_the_limit_is_kept_on_the_timeline(clerk_client, submitted):
    note = "x" * 2000
    clerk_client.post(f"/ho-so/{submitted.pk}/rut/", {"note": note})
    submitted.refresh_from_db()
    assert submitted.state == DossierState.WITHDRAWN
    assert submitted.timeline.last().note == note
