"""A unit with a head, staff who log in, a draft dossier with two nominees, and an open review meeting:
shared by the unit meeting's tests (services, pages, concurrency, browser)."""

from dataclasses import dataclass

from django.contrib.auth.models import User

from campaign.models import Gender, StaffMember
from dossiers import meetings, services
from dossiers.models import Dossier, NomineeKind, ReviewMeeting
from tests.factories import CampaignFactory, StaffMemberFactory, UnitFactory, staff_user
from tests.helpers import vn

OPENS = vn(2023, 11, 1, 8)
CLOSES = vn(2023, 11, 1, 11, 30)


@dataclass
class UnitMeeting:
    campaign: object
    unit: object
    head: User
    clerk: User
    voters: list[User]
    colleague: StaffMember
    dossier: Dossier
    meeting: ReviewMeeting | None


def build(*, voters: int = 2, secret: bool = True, open_meeting: bool = True, campaign=None) -> UnitMeeting:
    campaign = campaign or CampaignFactory()
    unit = UnitFactory(agency=campaign.agency, name="Phòng Quản lý Công nghiệp")
    head = staff_user(unit, username="truongphong.cn", full_name="Nguyễn Văn Trưởng", position="Trưởng phòng",
                      is_leader=True)
    clerk = staff_user(unit, username="vanthu.cn", full_name="Trần Thị Thu", gender=Gender.FEMALE,
                       position="Văn thư")
    people = [staff_user(unit, username=f"canbo{i}.cn", full_name=f"Lê Văn Cán Bộ {i}") for i in range(1, voters + 1)]
    colleague = StaffMemberFactory(unit=unit, full_name="Phạm Thị Hoa", gender=Gender.FEMALE, position="Chuyên viên")
    dossier = services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=clerk)
    services.add_nomination(dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE,
                            achievement_summary="Tập thể hoàn thành xuất sắc nhiệm vụ.")
    services.add_nomination(dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=colleague,
                            achievement_summary="Hoàn thành xuất sắc nhiệm vụ.")
    meeting = None
    if open_meeting:
        meeting = meetings.open_meeting(
            dossier=dossier, by=head, held_at=vn(2023, 11, 1, 8), place="Phòng họp số 2",
            chair=head.staff_member, secretary=clerk.staff_member, voting_opens_at=OPENS, voting_closes_at=CLOSES,
            secret_ballot=secret,
        )
    return UnitMeeting(campaign, unit, head, clerk, people, colleague, dossier, meeting)


def everyone_agrees(meeting: ReviewMeeting) -> dict[int, str]:
    return {q.pk: "agree" for q in meeting.questions.all()}


def closed_meeting(dossier: Dossier, *, chair: User, secretary: User, voters: list[User]) -> ReviewMeeting:
    """A meeting already held and closed (for a dossier that has moved on, such as the permission matrix's
    accepted one): written directly, as it stood before the dossier was submitted."""
    from dossiers.models import Ballot, BallotChoice, MeetingAttendance, MeetingParticipation, MeetingQuestion

    held = vn(2023, 11, 3, 8)
    meeting = ReviewMeeting.objects.create(
        dossier=dossier, state="closed", held_at=held, place="Phòng họp", chair=chair.staff_member,
        secretary=secretary.staff_member, voting_opens_at=held, voting_closes_at=vn(2023, 11, 3, 11),
        secret_ballot=True, conclusion="Thống nhất đề nghị.", staff_count=len(voters) + 2, opened_by=chair,
        opened_at=held, closed_by=chair, closed_at=vn(2023, 11, 3, 11),
    )
    questions = [
        MeetingQuestion.objects.create(meeting=meeting, nomination=n, position=i, kind=n.kind,
                                       nominee_label=meetings.question_label(n))
        for i, n in enumerate(dossier.nominations.select_related("staff", "nominee_unit"), start=1)
    ]
    for user in voters:
        MeetingParticipation.objects.create(meeting=meeting, staff=user.staff_member, voted_at=held)
        MeetingAttendance.objects.create(meeting=meeting, staff=user.staff_member, marked_by=user, marked_at=held)
        ballot = Ballot.objects.create(meeting=meeting, secret=True)
        for q in questions:
            BallotChoice.objects.create(ballot=ballot, question=q, choice="agree")
    return meeting
