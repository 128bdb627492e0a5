"""The tamper-evident record (issue 14): the council's votes, the approvals, the published list and the
signed decision are chained to the campaign's record with its dossiers' timeline; a draft is not."""

import pytest
from django.db import connection

from awards.models import AwardDecision
from campaign import records
from campaign.models import RecordLink

pytestmark = pytest.mark.django_db


def test_votes_approvals_publication_and_the_signature_are_chained(signed_decision, campaign):
    kinds = set(RecordLink.objects.filter(campaign=campaign).values_list("kind", flat=True))
    assert {"timeline", "vote", "approval", "publication", "decision"} <= kinds
    signed = RecordLink.objects.get(campaign=campaign, kind="decision")
    assert signed.table == "awards.HistoricalAwardDecision"
    assert AwardDecision.history.model.objects.get(history_id=signed.row_pk).state == "signed"
    # The draft's history (created, edited) is not chained: only the signature and what follows it.
    assert AwardDecision.history.filter(id=signed_decision.pk).count() > 1
    assert records.verify(campaign.pk).intact


def test_a_vote_edited_with_raw_sql_breaks_the_chain(signed_decision, campaign):
    link = RecordLink.objects.filter(campaign=campaign, kind="vote").order_by("seq")[3]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE awards_historicalvote SET choice = 'disagree' WHERE history_id = %s", [link.row_pk])
    verdict = records.verify(campaign.pk)
    assert (verdict.broken_seq, verdict.kind) == (link.seq, "vote")
    assert "choice: 'agree' → 'disagree'" in verdict.detail
