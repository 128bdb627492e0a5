"""The unit's review meeting (issue 16 point 3): opening, attendance, one ballot per person inside the
window, closing, the tally, and the minutes filed in the dossier."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from campaign.models import StaffMember
from core.errors import DeadlineError, DomainError, NotAllowed
from dossiers import meetings, services
from dossiers.models import (
    Ballot,
    BallotChoice,
    DocumentKind,
    DossierFile,
    MeetingAttendance,
    MeetingParticipation,
    MeetingState,
    ReviewMeeting,
)
from tests.awards.test_pdf import text, unembedded_fonts
from tests.dossiers.unit_meeting_world import CLOSES, OPENS, build, everyone_agrees
from tests.factories import StaffMemberFactory, UnitFactory, inspector_user, office_user, staff_user
from tests.helpers import vn

pytestmark = pytest.mark.django_db


def _open(world, **changes):
    values = dict(
        dossier=world.dossier, by=world.head, held_at=vn(2023, 11, 2, 8), place="Phòng họp số 2",
        chair=world.head.staff_member, secretary=world.clerk.staff_member, voting_opens_at=vn(2023, 11, 2, 8),
        voting_closes_at=vn(2023, 11, 2, 11), secret_ballot=True,
    )
    values.update(changes)
    return meetings.open_meeting(**values)


# Opening ------------------------------------------------------------------------------------------


def test_the_unit_head_opens_a_meeting_with_the_dossiers_nominees_as_the_questions():
    world = build(open_meeting=False)
    meeting = _open(world)
    assert meeting.state == MeetingState.OPEN
    assert [q.nominee_label for q in meeting.questions.all()] == [
        "Tập thể Phòng Quản lý Công nghiệp",
        "Bà Phạm Thị Hoa, Chuyên viên",
    ]


def test_a_staff_member_who_is_not_the_head_cannot_open_a_meeting_and_nothing_is_written():
    world = build(open_meeting=False)
    with pytest.raises(NotAllowed) as refused:
        _open(world, by=world.clerk)
    assert refused.value.message == "Chỉ lãnh đạo đơn vị mới mở, kết thúc cuộc họp xét của đơn vị và xác nhận biên bản."
    assert ReviewMeeting.objects.count() == 0


def test_the_head_of_another_unit_and_the_office_cannot_open_the_units_meeting():
    world = build(open_meeting=False)
    other_head = staff_user(UnitFactory(agency=world.campaign.agency), username="tp.khac", is_leader=True)
    office = office_user(agency=world.campaign.agency)
    for user in (other_head, office):
        with pytest.raises(NotAllowed):
            _open(world, by=user)
    assert ReviewMeeting.objects.count() == 0


def test_the_chair_and_the_secretary_are_active_staff_of_the_unit():
    world = build(open_meeting=False)
    stranger = StaffMemberFactory(unit=UnitFactory(agency=world.campaign.agency), full_name="Người ngoài")
    with pytest.raises(DomainError) as refused:
        _open(world, secretary=stranger)
    assert refused.value.message == "Thư ký phải là cán bộ đang công tác tại Phòng Quản lý Công nghiệp."
    left = StaffMemberFactory(unit=world.unit, full_name="Đã nghỉ", is_active=False)
    with pytest.raises(DomainError):
        _open(world, chair=left)
    with pytest.raises(DomainError) as refused:
        _open(world, secretary=world.head.staff_member)
    assert refused.value.message == "Người chủ trì và thư ký cuộc họp phải là hai người khác nhau."
    assert ReviewMeeting.objects.count() == 0


def test_the_voting_window_must_be_in_order_and_not_over():
    world = build(open_meeting=False)
    with pytest.raises(DomainError) as refused:
        _open(world, voting_opens_at=vn(2023, 11, 2, 11), voting_closes_at=vn(2023, 11, 2, 11))
    assert refused.value.message == "Thời điểm kết thúc biểu quyết phải sau thời điểm bắt đầu."
    with pytest.raises(DeadlineError):
        _open(world, voting_opens_at=vn(2023, 10, 31, 8), voting_closes_at=vn(2023, 10, 31, 17))
    assert ReviewMeeting.objects.count() == 0


def test_one_unfinished_meeting_per_dossier():
    world = build()
    with pytest.raises(DomainError) as refused:
        _open(world)
    assert refused.value.message.startswith("Hồ sơ này đang có một cuộc họp xét chưa xác nhận biên bản")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewMeeting.objects.create(
            dossier=world.dossier, held_at=OPENS, place="x", chair=world.head.staff_member,
            secretary=world.clerk.staff_member, voting_opens_at=OPENS, voting_closes_at=CLOSES,
            opened_by=world.head, opened_at=OPENS,
        )


# Voting -------------------------------------------------------------------------------------------


def test_a_staff_member_votes_once_and_is_then_present():
    world = build()
    meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting))
    with pytest.raises(NotAllowed) as refused:
        meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting))
    assert refused.value.message == "Bạn đã bỏ phiếu trong cuộc họp này; mỗi người chỉ bỏ phiếu một lần."
    assert Ballot.objects.count() == 1
    assert MeetingParticipation.objects.filter(staff=world.voters[0].staff_member).count() == 1
    assert MeetingAttendance.objects.filter(staff=world.voters[0].staff_member).count() == 1


def test_the_database_itself_refuses_a_second_participation():
    world = build()
    voter = world.voters[0].staff_member
    MeetingParticipation.objects.create(meeting=world.meeting, staff=voter, voted_at=OPENS)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingParticipation.objects.create(meeting=world.meeting, staff=voter, voted_at=CLOSES)


def test_a_ballot_needs_a_choice_on_every_nominee():
    world = build()
    first = world.meeting.questions.first()
    with pytest.raises(DomainError) as refused:
        meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices={first.pk: "agree"})
    assert refused.value.message == (
        "Hãy chọn Đồng ý, Không đồng ý hoặc Không biểu quyết cho: Bà Phạm Thị Hoa, Chuyên viên."
    )
    assert (Ballot.objects.count(), MeetingParticipation.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (OPENS - dt.timedelta(seconds=1), False),
        (OPENS, True),
        (CLOSES, True),
        (CLOSES + dt.timedelta(microseconds=1), False),
    ],
)
def test_votes_only_inside_the_window_to_the_second(moment, accepted):
    world = build()
    with time_machine.travel(moment, tick=False):
        if accepted:
            meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting))
        else:
            with pytest.raises(DeadlineError):
                meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting))
    assert Ballot.objects.count() == (1 if accepted else 0)


def test_only_active_staff_of_the_unit_vote():
    world = build()
    other = staff_user(UnitFactory(agency=world.campaign.agency), username="khac")
    inspector = inspector_user(agency=world.campaign.agency)
    office = office_user(agency=world.campaign.agency)
    gone = world.voters[1].staff_member
    gone.is_active = False
    gone.save()
    world.voters[1].refresh_from_db()
    for user in (other, inspector, office, world.voters[1]):
        with pytest.raises(NotAllowed):
            meetings.cast_ballot(meeting=world.meeting, by=user, choices=everyone_agrees(world.meeting))
    assert (Ballot.objects.count(), MeetingParticipation.objects.count(), MeetingAttendance.objects.count()) == (0, 0, 0)


def test_a_board_member_on_the_units_staff_does_not_vote():
    world = build()
    from campaign.models import Membership, Role

    Membership.objects.create(user=world.voters[0], agency=world.campaign.agency, role=Role.INSPECTION)
    world.voters[0].refresh_from_db()
    with pytest.raises(NotAllowed):
        meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting))
    assert Ballot.objects.count() == 0


def test_no_vote_after_closing():
    world = build()
    meetings.close_meeting(meeting=world.meeting, by=world.head)
    with pytest.raises(NotAllowed) as refused:
        meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting))
    assert refused.value.message.startswith("Cuộc họp đã kết thúc lúc")
    assert Ballot.objects.count() == 0


# Secrecy ------------------------------------------------------------------------------------------


def test_a_secret_ballot_keeps_no_voter_no_time_and_no_history():
    world = build(secret=True)
    voter = world.voters[0]
    meetings.cast_ballot(meeting=world.meeting, by=voter, choices=everyone_agrees(world.meeting))
    ballot = Ballot.objects.get()
    assert ballot.voter_id is None
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "meeting", "secret", "voter"}
    assert {f.name for f in BallotChoice._meta.concrete_fields} == {"id", "ballot", "question", "choice"}
    assert isinstance(ballot.pk, __import__("uuid").UUID)
    # No history model for ballots or choices: the history would record the logged-in voter.
    assert not hasattr(Ballot, "history") and not hasattr(BallotChoice, "history")
    from django.apps import apps

    historical = [
        m for m in apps.get_models()
        if m.__name__.startswith("Historical") and any(f.name == "history_user" for f in m._meta.fields)
    ]
    assert all("ballot" not in m.__name__.lower() for m in historical)
    touched = [m.__name__ for m in historical if m.objects.filter(history_user=voter).exists()]
    assert touched == []


def test_an_open_ballot_records_the_voter():
    world = build(secret=False)
    meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting))
    assert Ballot.objects.get().voter == world.voters[0].staff_member


def test_the_database_refuses_a_secret_ballot_with_a_voter():
    world = build(secret=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(meeting=world.meeting, secret=True, voter=world.voters[0].staff_member)


# Attendance and the tally --------------------------------------------------------------------------


def test_the_chair_marks_attendance_and_whoever_voted_stays_present():
    world = build()
    meetings.cast_ballot(meeting=world.meeting, by=world.voters[0], choices=everyone_agrees(world.meeting))
    meetings.record_attendance(meeting=world.meeting, by=world.head, present=[world.colleague])
    present = set(MeetingAttendance.objects.values_list("staff__full_name", flat=True))
    assert present == {"Phạm Thị Hoa", "Lê Văn Cán Bộ 1"}


def test_a_staff_member_who_does_not_chair_cannot_mark_attendance():
    world = build()
    with pytest.raises(NotAllowed) as refused:
        meetings.record_attendance(meeting=world.meeting, by=world.voters[0], present=[world.colleague])
    assert refused.value.message == "Chỉ lãnh đạo đơn vị hoặc người chủ trì cuộc họp mới điểm danh người dự họp."
    assert MeetingAttendance.objects.count() == 0


def test_attendance_lists_only_the_units_staff():
    world = build()
    stranger = StaffMemberFactory(unit=UnitFactory(agency=world.campaign.agency))
    with pytest.raises(DomainError):
        meetings.record_attendance(meeting=world.meeting, by=world.head, present=[stranger, world.colleague])
    assert MeetingAttendance.objects.count() == 0


def test_the_tally_counts_per_nominee_of_those_present_and_of_the_units_staff():
    world = build(voters=3)
    collective, person = world.meeting.questions.all()
    ballots = [("agree", "agree"), ("agree", "disagree"), ("abstain", "agree")]
    for user, (a, b) in zip(world.voters, ballots, strict=True):
        meetings.cast_ballot(meeting=world.meeting, by=user, choices={collective.pk: a, person.pk: b})
    meetings.record_attendance(meeting=world.meeting, by=world.head, present=[world.colleague, world.head.staff_member])
    meeting = meetings.close_meeting(meeting=world.meeting, by=world.head)
    result = meetings.tally(meeting)
    # Staff: head, clerk, three voters, the colleague = 6; present: three voters, the colleague, the head = 5.
    assert (result.staff, result.present, result.voted) == (6, 5, 3)
    assert [(r.agree, r.disagree, r.abstain) for r in result.rows] == [(2, 0, 1), (2, 1, 0)]
    assert [(r.agree_of_present, r.agree_of_staff) for r in result.rows] == [("40,0%", "33,3%"), ("40,0%", "33,3%")]
    assert meeting.conclusion == "Không có tập thể, cá nhân nào đạt trên 50% số phiếu đồng ý của những người dự họp."


def test_closing_writes_the_default_conclusion_from_the_tally():
    world = build(voters=2)
    for user in world.voters:
        meetings.cast_ballot(meeting=world.meeting, by=user, choices=everyone_agrees(world.meeting))
    meeting = meetings.close_meeting(meeting=world.meeting, by=world.head)
    assert meeting.conclusion == (
        "Cuộc họp thống nhất đề nghị khen thưởng cho các tập thể, cá nhân đạt trên 50% số phiếu đồng ý của những "
        "người dự họp: Tập thể Phòng Quản lý Công nghiệp; Bà Phạm Thị Hoa, Chuyên viên."
    )
    assert meeting.staff_count == 5


def test_only_the_head_closes_the_meeting():
    world = build()
    with pytest.raises(NotAllowed):
        meetings.close_meeting(meeting=world.meeting, by=world.clerk)
    assert ReviewMeeting.objects.get().state == MeetingState.OPEN


# The minutes --------------------------------------------------------------------------------------


def test_confirming_files_the_minutes_pdf_as_the_dossiers_minutes():
    world = build(voters=2)
    for user in world.voters:
        meetings.cast_ballot(meeting=world.meeting, by=user, choices=everyone_agrees(world.meeting))
    meetings.close_meeting(meeting=world.meeting, by=world.head, conclusion="Thống nhất đề nghị cả hai.")
    meeting = meetings.confirm_minutes(meeting=world.meeting, by=world.head)
    stored = DossierFile.objects.get(dossier=world.dossier, kind=DocumentKind.MEETING_MINUTES)
    assert meeting.state == MeetingState.CONFIRMED and meeting.minutes_file == stored
    assert (stored.version, stored.content_type, stored.original_name) == (
        1, "application/pdf", "bien-ban-hop-xet-2023-11-01.pdf"
    )
    content = stored.file.open("rb").read()
    words = text(content)
    for expected in (
        "SỞ CÔNG THƯƠNG", "PHÒNG QUẢN LÝ CÔNG NGHIỆP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "BIÊN BẢN", "Họp xét đề nghị khen thưởng",
        "Vào lúc 08 giờ 00 phút, ngày 01 tháng 11 năm 2023", "Địa điểm: Phòng họp số 2.",
        "Chủ trì: Ông Nguyễn Văn Trưởng, Trưởng phòng", "Thư ký: Bà Trần Thị Thu, Văn thư",
        "có mặt: 02 người", "Tập thể Phòng Quản lý Công nghiệp", "Bà Phạm Thị Hoa, Chuyên viên",
        "Thống nhất đề nghị cả hai.", "THƯ KÝ", "CHỦ TRÌ",
    ):
        assert expected in words, expected
    assert "DỰ THẢO" not in words
    assert unembedded_fonts(content) == []
    assert services.missing_documents(world.dossier) == ["Công văn đề nghị", *[
        f"Báo cáo tóm tắt thành tích của {n}" for n in ("Phòng Quản lý Công nghiệp", "Phạm Thị Hoa")
    ]]


def test_confirmed_minutes_are_a_new_version_beside_an_uploaded_scan(make_pdf):
    world = build()
    services.upload_document(dossier=world.dossier, by=world.clerk, kind=DocumentKind.MEETING_MINUTES,
                             upload=make_pdf("bien-ban-giay.pdf"))
    meetings.close_meeting(meeting=world.meeting, by=world.head)
    meetings.confirm_minutes(meeting=world.meeting, by=world.head)
    versions = list(
        DossierFile.objects.filter(kind=DocumentKind.MEETING_MINUTES).order_by("version").values_list(
            "version", "original_name"
        )
    )
    assert versions == [(1, "bien-ban-giay.pdf"), (2, "bien-ban-hop-xet-2023-11-01.pdf")]


def test_a_refused_confirmation_leaves_no_row_and_no_file(settings, make_pdf):
    world = build()
    meetings.close_meeting(meeting=world.meeting, by=world.head)
    from pathlib import Path

    folder = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    before = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    with pytest.raises(NotAllowed):
        meetings.confirm_minutes(meeting=world.meeting, by=world.clerk)
    # The dossier is submitted meanwhile: the minutes can no longer be added to it.
    world.dossier.state = "submitted"
    world.dossier.save(update_fields=["state"])
    with pytest.raises(NotAllowed) as refused:
        meetings.confirm_minutes(meeting=world.meeting, by=world.head)
    assert refused.value.message.startswith("Hồ sơ đang ở trạng thái")
    after = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    assert after == before
    assert DossierFile.objects.count() == 0
    assert ReviewMeeting.objects.get().state == MeetingState.CLOSED


def test_the_minutes_cannot_be_confirmed_while_voting_is_open():
    world = build()
    with pytest.raises(NotAllowed) as refused:
        meetings.confirm_minutes(meeting=world.meeting, by=world.head)
    assert refused.value.message == "Hãy kết thúc biểu quyết trước khi xác nhận biên bản."
    assert DossierFile.objects.count() == 0


def test_a_dossier_whose_minutes_came_from_the_meeting_is_submitted(make_pdf):
    world = build()
    for user in world.voters:
        meetings.cast_ballot(meeting=world.meeting, by=user, choices=everyone_agrees(world.meeting))
    meetings.close_meeting(meeting=world.meeting, by=world.head)
    meetings.confirm_minutes(meeting=world.meeting, by=world.head)
    services.upload_document(dossier=world.dossier, by=world.clerk, kind=DocumentKind.PROPOSAL_LETTER,
                             upload=make_pdf())
    for nomination in world.dossier.nominations.all():
        services.upload_document(dossier=world.dossier, by=world.clerk, kind=DocumentKind.ACHIEVEMENT_REPORT,
                                 upload=make_pdf("bao-cao.pdf"), nomination=nomination)
    dossier = services.submit_dossier(dossier=world.dossier, by=world.clerk)
    assert dossier.state == "submitted"


def test_staff_who_leave_are_not_counted_in_the_base():
    world = build(voters=2)
    StaffMember.objects.filter(pk=world.voters[1].staff_member.pk).update(is_active=False)
    meeting = meetings.close_meeting(meeting=world.meeting, by=world.head)
    assert meeting.staff_count == 4
