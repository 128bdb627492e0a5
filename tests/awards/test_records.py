"""Records that must hold: history of rule-bearing objects, and no half-written issued PDF."""

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


def test_a_pdf_whose_rendering_fails_leaves_no_record_and_no_file(signed_decision, office, settings):
    from pathlib import Path

    from awards.issuing import services as issuing
    from awards.models import IssuedDocument

    def broken():
        raise RuntimeError("WeasyPrint crashed")

    with pytest.raises(RuntimeError):
        issuing.issue_pdf(owner=signed_decision, key="decision-A4", title="Quyết định", download_name="qd.pdf",
                          render=broken, by=office)
    assert IssuedDocument.objects.count() == 0
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not list(private.rglob("decision-A4*"))


def test_a_pdf_whose_record_cannot_be_saved_leaves_no_file(signed_decision, office, settings, monkeypatch):
    from pathlib import Path

    from awards.issuing import services as issuing
    from awards.issuing.pdf import RenderedPdf
    from awards.models import IssuedDocument

    def refuse(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(IssuedDocument, "save", refuse)
    with pytest.raises(OSError):
        issuing.issue_pdf(owner=signed_decision, key="decision-A4", title="Quyết định", download_name="qd.pdf",
                          render=lambda: RenderedPdf(content=b"%PDF-1.4 x", pages=1), by=office)
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not [p for p in private.rglob("*") if p.is_file() and "decision-A4" in p.name]
