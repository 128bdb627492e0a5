"""Rule-bearing records keep their history: who changed what, when (django-simple-history)."""

import pytest

pytestmark = pytest.mark.django_db


def test_signing_a_decision_is_in_its_history_and_awards_have_history(signed_decision):
    states = [record.state for record in signed_decision.history.order_by("history_date")]
    assert states[0] == "draft" and states[-1] == "signed"
    award = signed_decision.awards.first()
    assert award.history.count() >= 1


def test_the_office_reads_a_decisions_history_in_the_admin(client, signed_decision, office):
    client.force_login(office)
    response = client.get(f"/quan-tri/awards/awarddecision/{signed_decision.pk}/history/")
    assert response.status_code == 200
    assert "125/QĐ-SCT" in response.content.decode()
