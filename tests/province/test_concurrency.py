"""The committee's answers under real concurrency (PostgreSQL row locks): one answer wins, the other
changes nothing."""

import pytest

from awards.models import ProposalStep, SendingState
from awards.province import services
from tests.awards.test_decisions import _all_at_once, _postgres_only


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_return_and_an_acceptance_at_once_answer_once(signed_proposal, office, committee):
    _postgres_only()
    proposal = services.send(proposal=signed_proposal, by=office)
    outcomes = _all_at_once([
        lambda: services.return_proposal(proposal=proposal, note="Bổ sung", by=committee).sending_state,
        lambda: services.accept(proposal=proposal, by=committee).sending_state,
    ])
    won = [o for o in outcomes if o in (SendingState.RETURNED, SendingState.ACCEPTED)]
    assert len(won) == 1
    proposal.refresh_from_db()
    assert proposal.sending_state == won[0]
    assert ProposalStep.objects.filter(proposal=proposal).count() == 2  # sent, and the one answer


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sending_twice_at_once_sends_once(signed_proposal, office):
    _postgres_only()
    outcomes = _all_at_once([lambda: services.send(proposal=signed_proposal, by=office) and "ok" for _ in range(4)])
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} == {"Tờ trình số 45/TTr-SCT đã được gửi Ban Chỉ đạo Tỉnh."}
    assert ProposalStep.objects.filter(proposal=signed_proposal).count() == 1
