"""A person votes at most once per meeting, under real concurrency on PostgreSQL: the same staff member
sending their ballot from many threads at once leaves one participation and one ballot; many staff
voting together are all counted."""


import pytest
from django.db import connection

from dossiers import meetings
from dossiers.models import Ballot, BallotChoice, MeetingAttendance, MeetingParticipation
from tests.dossiers.unit_meeting_world import build, everyone_agrees
from tests.helpers import all_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...; CI does)")


def test_one_person_voting_from_many_threads_leaves_one_ballot():
    world = build(voters=1)
    voter = world.voters[0]
    choices = everyone_agrees(world.meeting)
    outcomes = all_at_once(
        [lambda: meetings.cast_ballot(meeting=world.meeting, by=voter, choices=choices)] * THREADS
    )
    assert len(outcomes) == THREADS
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} == {"Bạn đã bỏ phiếu trong cuộc họp này; mỗi người chỉ bỏ phiếu một lần."}
    assert MeetingParticipation.objects.count() == 1
    assert Ballot.objects.count() == 1
    assert BallotChoice.objects.count() == 2
    assert MeetingAttendance.objects.count() == 1


def test_many_staff_voting_at_once_are_all_counted():
    world = build(voters=THREADS)
    choices = everyone_agrees(world.meeting)
    outcomes = all_at_once(
        [lambda user=user: meetings.cast_ballot(meeting=world.meeting, by=user, choices=choices) for user in world.voters]
    )
    assert outcomes == ["ok"] * THREADS
    result = meetings.tally(world.meeting)
    assert [row.agree for row in result.rows] == [THREADS, THREADS]
    assert (result.voted, result.present) == (THREADS, THREADS)


def test_closing_while_staff_vote_leaves_no_ballot_after_the_close():
    world = build(voters=THREADS - 1)
    choices = everyone_agrees(world.meeting)
    calls = [lambda user=user: meetings.cast_ballot(meeting=world.meeting, by=user, choices=choices)
             for user in world.voters]
    calls.append(lambda: meetings.close_meeting(meeting=world.meeting, by=world.head))
    all_at_once(calls)
    world.meeting.refresh_from_db()
    # Every ballot counted was cast before the close: the count is the same as the participations.
    assert Ballot.objects.count() == MeetingParticipation.objects.count()
    assert world.meeting.state == "closed"
    assert all(p.voted_at <= world.meeting.closed_at for p in MeetingParticipation.objects.all())
