"""A council member votes at most once per meeting, under real concurrency on PostgreSQL: the same member
sending their ballot from many threads at once leaves one participation and one choice per nomination;
many members voting together are all counted; closing while members vote leaves no choice after the close."""


import pytest
from django.db import connection

from awards.models import CouncilBallot, CouncilBallotChoice, CouncilBallotParticipation, Vote
from awards.review import ballots
from tests.awards.council_ballot_world import build, choices_for
from tests.helpers import all_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")


def test_one_member_voting_from_many_threads_leaves_one_ballot(campaign, office, make_pdf):
    world = build(campaign, office, make_pdf)
    member = world.members[0]
    choices = choices_for(world, "agree", "disagree")
    outcomes = all_at_once([lambda: ballots.cast(ballot=world.ballot, by=member, choices=choices)] * THREADS)
    assert len(outcomes) == THREADS
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} == {"Bạn đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ phiếu một lần."}
    assert CouncilBallotParticipation.objects.count() == 1
    assert CouncilBallotChoice.objects.count() == 2


def test_the_database_refuses_a_second_participation_whatever_the_code(campaign, office, make_pdf):
    from django.db import IntegrityError, transaction

    world = build(campaign, office, make_pdf)
    member = world.members[0].staff_member
    CouncilBallotParticipation.objects.create(ballot=world.ballot, member=member, voted_at=world.ballot.opens_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilBallotParticipation.objects.create(ballot=world.ballot, member=member, voted_at=world.ballot.opens_at)
    nomination = world.nominations[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilBallotChoice.objects.create(ballot=world.ballot, nomination=nomination, secret=True, voter=member,
                                           choice="agree")


def test_many_members_voting_at_once_are_all_counted(campaign, office, make_pdf):
    world = build(campaign, office, make_pdf, members=THREADS, present=THREADS)
    choices = choices_for(world, "agree", "agree")
    outcomes = all_at_once(
        [lambda user=user: ballots.cast(ballot=world.ballot, by=user, choices=choices) for user in world.members]
    )
    assert outcomes == ["ok"] * THREADS
    ballots.close_ballot(ballot=world.ballot, by=office)
    assert Vote.objects.count() == 2 * THREADS
    rows = ballots.tally_rows(CouncilBallot.objects.get())
    assert [row.result.agree for row in rows] == [THREADS, THREADS]


def test_closing_while_members_vote_leaves_no_choice_after_the_close(campaign, office, make_pdf):
    world = build(campaign, office, make_pdf, members=THREADS, present=THREADS)
    choices = choices_for(world, "agree", "abstain")
    calls = [lambda user=user: ballots.cast(ballot=world.ballot, by=user, choices=choices) for user in world.members]
    calls.append(lambda: ballots.close_ballot(ballot=world.ballot, by=office))
    outcomes = all_at_once(calls)
    assert outcomes.count("ok") >= 1
    voted = CouncilBallotParticipation.objects.count()
    # Every ballot cast before the close became the meeting's votes; none came after it.
    assert CouncilBallotChoice.objects.count() == 2 * voted
    assert Vote.objects.count() == 2 * voted
