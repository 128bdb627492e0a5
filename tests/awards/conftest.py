import datetime as dt
import unicodedata

import pytest
import time_machine

from campaign.models import Board, BoardKind, BoardMembership, Gender
from dossiers import services as dossier_services
from dossiers.models import DocumentKind, NomineeKind
from tests.factories import CampaignFactory, StaffMemberFactory, UnitFactory, office_user, staff_user
from tests.helpers import vn

AFTER_EMULATION = vn(2023, 11, 13, 9)


@pytest.fixture(autouse=True)
def _after_the_cutoff():
    """Review happens after the emulation period: 13/11/2023 09:00, after the 10/11 cutoff too."""
    with time_machine.travel(AFTER_EMULATION, tick=True):
        yield


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def office(db):
    return office_user(username="vanphong")


@pytest.fixture
def commenter(campaign):
    """A staff member of the campaign's agency: who may comment on its published list."""
    return staff_user(UnitFactory(agency=campaign.agency, name="Phòng Kế hoạch - Tài chính"), username="canbo")


@pytest.fixture
def council(campaign):
    """Seven council members."""
    board = Board.objects.create(agency=campaign.agency, kind=BoardKind.COUNCIL, name="Hội đồng Thi đua - Khen thưởng")
    unit = UnitFactory(agency=campaign.agency, name="Ban Giám đốc Sở", display_order=0)
    members = [StaffMemberFactory(unit=unit, full_name=f"Thành viên {i}") for i in range(1, 8)]
    for member in members:
        BoardMembership.objects.create(board=board, staff=member)
    return members


def make_accepted_dossier(campaign, office, *, unit=None, level="grassroots", individuals=1, collective=False, files):
    """A unit's dossier, submitted before the cutoff and accepted by the office."""
    unit = unit or UnitFactory(agency=campaign.agency)
    clerk = staff_user(unit)
    with time_machine.travel(vn(2023, 11, 2, 9), tick=True):
        dossier = dossier_services.create_dossier(campaign=campaign, unit=unit, level=level, by=clerk)
        dossier_services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=files())
        dossier_services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=files())
        nominations = []
        if collective:
            nominations.append(dossier_services.add_nomination(
                dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary="Tập thể tiêu biểu",
                report=files(),
            ))
        for index in range(individuals):
            person = StaffMemberFactory(unit=unit, full_name=f"Cá nhân {unit.pk}-{index}",
                                        gender=Gender.FEMALE if index % 2 else Gender.MALE)
            nominations.append(dossier_services.add_nomination(
                dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=person,
                achievement_summary="Hoàn thành xuất sắc", report=files(),
            ))
        dossier_services.submit_dossier(dossier=dossier, by=clerk)
    dossier_services.accept_dossier(dossier=dossier, by=office)
    return dossier, nominations


@pytest.fixture
def accepted(campaign, office, make_pdf):
    return make_accepted_dossier


@pytest.fixture
def meeting(campaign, council, office):
    from awards.review import services as review

    return review.create_meeting(
        campaign=campaign, level="grassroots", held_on=dt.date(2023, 11, 13), present=council[:6], by=office
    )


# Decisions and certificates (issue 5) -------------------------------------------------------------------
# Two units, each proposing itself and some of its staff; the council passes everyone; the office approves
# within the quota and publishes. Names carry Vietnamese diacritics; `people` may give them in NFD.

UNIT_A = "Phòng Quản lý Công nghiệp"
UNIT_B = "Trung tâm Khuyến công và Xúc tiến thương mại"
# (unit, full name, gender, position): three in A, two in B, five individuals in all (the quota).
PEOPLE = (
    (UNIT_A, "Nguyễn Thành Đạt", Gender.MALE, "Chuyên viên"),
    (UNIT_A, "Lê Thị Hồng Nhung", Gender.FEMALE, "Phó Trưởng phòng"),
    (UNIT_A, "Trần Văn Khoa", Gender.MALE, "Trưởng phòng"),
    (UNIT_B, "Phạm Thị Thúy Vy", Gender.FEMALE, "Viên chức"),
    (UNIT_B, "Võ Hoàng Nam", Gender.MALE, "Viên chức"),
)


def build_approved_list(
    campaign, office, council, files, *, people=PEOPLE, collectives=True, submit_at=None, held_on=None,
    publish_at=None, working_days=5, level="grassroots",
):
    """Accepted dossiers of two units, passed by the council, approved and published. Returns
    (units by name, staff by name, publication)."""
    from awards.review import services as review
    from campaign.models import StaffMember

    submit_at = submit_at or vn(2023, 11, 2, 9)
    held_on = held_on or dt.date(2023, 11, 13)
    units = {
        UNIT_A: UnitFactory(agency=campaign.agency, name=UNIT_A, display_order=5),
        UNIT_B: UnitFactory(agency=campaign.agency, name=UNIT_B, display_order=8),
    }
    staff = {}
    nominations = []
    for unit_name, unit in units.items():
        own_people = [person for person in people if person[0] == unit_name]
        if not (collectives or own_people):
            continue
        clerk = staff_user(unit, full_name=f"Văn thư {unit_name}")
        with time_machine.travel(submit_at, tick=True):
            dossier = dossier_services.create_dossier(campaign=campaign, unit=unit, level=level, by=clerk)
            dossier_services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
                                             upload=files())
            dossier_services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.MEETING_MINUTES,
                                             upload=files())
            if collectives:
                nominations.append(dossier_services.add_nomination(
                    dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary="Tập thể tiêu biểu",
                    report=files(),
                ))
            for _, name, gender, position in own_people:
                member = StaffMember.objects.create(unit=unit, full_name=name, gender=gender, position=position)
                staff[unicodedata.normalize("NFC", name)] = member
                nominations.append(dossier_services.add_nomination(
                    dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=member,
                    achievement_summary="Hoàn thành xuất sắc nhiệm vụ", report=files(),
                ))
            dossier_services.submit_dossier(dossier=dossier, by=clerk)
        dossier_services.accept_dossier(dossier=dossier, by=office)
    meeting = review.create_meeting(campaign=campaign, level=level, held_on=held_on, present=council[:6], by=office)
    for nomination in nominations:
        review.record_votes(meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in council[:6]},
                            by=office)
        review.approve_nomination(nomination=nomination, by=office)
    publication = review.publish_list(
        campaign=campaign, level=level, working_days=working_days, by=office, now=publish_at or vn(2023, 11, 13, 9)
    )
    return units, staff, publication


@pytest.fixture
def approved(campaign, office, council, make_pdf):
    """The standard campaign: 2 collectives and 5 individuals approved, published 13/11 until 20/11/2023."""
    return build_approved_list(campaign, office, council, make_pdf)


@pytest.fixture
def director(db):
    from tests.factories import director_user

    return director_user(username="giamdoc")


AFTER_PUBLICATION = vn(2023, 11, 24, 9)


@pytest.fixture
def signed_decision(approved, campaign, office, director):
    """Decision 125/QĐ-SCT of 24/11/2023, signed by the Director after the publication window."""
    from awards.issuing import services as issuing

    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    return issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)


@pytest.fixture
def early_campaign(db):
    """A campaign whose dates let a decision be signed on 05/11/2023: cutoff 25/10, published 23/10-30/10."""
    from campaign.models import LegalBasis

    campaign = CampaignFactory(
        emulation_end=dt.date(2023, 10, 15), submission_deadline=dt.date(2023, 10, 25),
        signer_name="Nguyễn Hữu Dũng", signer_title="Giám đốc",
        recipients="Ban Dân vận Tỉnh ủy;\nSở Nội vụ;\nLưu: VT, VP(Cường, 02b).",
    )
    LegalBasis.objects.create(campaign=campaign, order=1, text=(
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của "
        "Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013;"))
    LegalBasis.objects.create(campaign=campaign, order=2, text=(
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành "
        "một số điều của Luật Thi đua, Khen thưởng;"))
    return campaign


@pytest.fixture
def decision_123(early_campaign, office, council, director, make_pdf):
    """Decision 123/QĐ-SCT of 05/11/2023, signed: the example of DESIGN.md."""
    from awards.issuing import services as issuing

    build_approved_list(early_campaign, office, council, make_pdf, submit_at=vn(2023, 10, 20, 9),
                        held_on=dt.date(2023, 10, 18), publish_at=vn(2023, 10, 23, 8))
    decision = issuing.create_decision(campaign=early_campaign, by=office, number="123/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 5))
    return issuing.sign_decision(decision=decision, by=director, now=vn(2023, 11, 6, 9))
