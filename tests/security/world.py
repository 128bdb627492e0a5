"""One campaign carried through every step, with a user for every role: the world the permission
matrix walks. Built with the same services as the product."""

import datetime as dt
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice

from awards.issuing import services as issuing_services
from awards.models import (
    Award,
    CertificateLayout,
    CouncilBallot,
    CouncilBallotParticipation,
    DecisionAmendment,
    Feedback,
    Publication,
)
from awards.review import services as review_services
from campaign.models import (
    Board,
    BoardKind,
    BoardMembership,
    ContentItem,
    NonWorkingDay,
    ProgressEvidence,
    StaffMember,
)
from campaign.recommendations import services as recommendation_services
from dossiers.docx_forms_build import FORMS_DIR
from dossiers.models import Dossier, DossierFile, FormKind, FormTemplate, Nomination
from emulation.models import Criterion, EmulationSettings, Pledge, Score
from legal.models import LegalRegime
from tests.awards.conftest import UNIT_A, UNIT_B, build_approved_list, make_accepted_dossier
from tests.dossiers.unit_meeting_world import closed_meeting
from tests.factories import (
    AcknowledgementFactory,
    AgencyFactory,
    CampaignFactory,
    ProgressReportFactory,
    StaffMemberFactory,
    SupervisionReportFactory,
    UnitFactory,
    allocate,
    committee_user,
    director_user,
    inspector_user,
    office_user,
    staff_user,
)
from tests.helpers import pdf_bytes, vn

ROLES = ("anonymous", "staff_a", "staff_b", "leader_a", "office", "inspector", "director", "committee")


class FreshSessions:
    """For the walks that ask every URL as every role: `sign_in(user)` leaves the client as
    `client.logout(); client.force_login(user)` would (no cookie of an earlier request, a session of its own
    holding the user's login; nothing for the anonymous visitor), so no request sees what an earlier one left
    in its session. A user's first sign-in is a real force_login (the login signal's work: last_login, axes'
    records); later ones copy that session's data into a new session, one row instead of the dozen queries
    of a logout and a login, which took a third of each walk."""

    def __init__(self, client):
        from importlib import import_module

        from django.conf import settings

        self.client = client
        self.store = import_module(settings.SESSION_ENGINE).SessionStore
        self.logins: dict[int, dict] = {}

    def sign_in(self, user: User | None) -> None:
        from http.cookies import SimpleCookie

        from django.conf import settings

        self.client.cookies = SimpleCookie()
        if user is None:
            return
        if user.pk not in self.logins:
            self.client.force_login(user)
            self.logins[user.pk] = dict(self.client.session.items())
            return
        session = self.store()
        session.update(self.logins[user.pk])
        session.save()
        self.client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        self.client.cookies[settings.SESSION_COOKIE_NAME].update({
            "max-age": None, "path": "/", "domain": settings.SESSION_COOKIE_DOMAIN,
            "secure": settings.SESSION_COOKIE_SECURE or None, "expires": None,
        })


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    ids: dict[str, int | str] = field(default_factory=dict)


def build_world(make_pdf, *, agency=None, suffix: str = "") -> World:
    """The world of one agency (by default the factories' Sở Công Thương). `suffix` keeps the usernames
    of a second agency's world apart."""
    agency = agency or AgencyFactory()
    code = agency.code
    campaign = CampaignFactory(agency=agency, number=f"57/KH-{code}", signer_name="Nguyễn Hữu Dũng")
    allocate(campaign, individuals=1)
    board = Board.objects.create(agency=campaign.agency, kind=BoardKind.COUNCIL, name="Hội đồng Thi đua - Khen thưởng")
    leaders = UnitFactory(agency=campaign.agency, name="Ban Giám đốc Sở", display_order=0)
    council = [StaffMemberFactory(unit=leaders, full_name=f"Thành viên {i}") for i in range(1, 8)]
    for member in council:
        BoardMembership.objects.create(board=board, staff=member)
    office = office_user(username=f"vanphong{suffix}", agency=agency)
    units, staff, publication = build_approved_list(campaign, office, council, make_pdf)
    unit_a, unit_b = units[UNIT_A], units[UNIT_B]
    # A provincial nomination of unit A, approved within the allocation, for the Tờ trình.
    _, (provincial,) = make_accepted_dossier(campaign, office, unit=unit_a, level="provincial", files=make_pdf)
    meeting = review_services.create_meeting(campaign=campaign, level="provincial", held_on=dt.date(2023, 11, 13),
                                            present=council[:6], by=office)
    review_services.record_votes(meeting=meeting, nomination=provincial, votes={m.pk: "agree" for m in council[:6]},
                                by=office)
    provincial_approval = review_services.approve_nomination(nomination=provincial, by=office)
    proposal = issuing_services.create_proposal(campaign=campaign, by=office, number=f"7/TTr-{code}")
    director = director_user(username=f"giamdoc{suffix}", agency=agency)
    decision = issuing_services.create_decision(campaign=campaign, by=office, number=f"125/QĐ-{code}",
                                              signing_date=dt.date(2023, 11, 24))
    decision = issuing_services.sign_decision(decision=decision, by=director, now=vn(2023, 11, 24, 9))
    award_a = Award.objects.filter(decision=decision, approval__nomination__dossier__unit=unit_a).first()
    # A later decision correcting the signed one (issue 14: the verification page says so).
    DecisionAmendment.objects.create(decision=decision, kind="corrected", number=f"131/QĐ-{code}",
                                     decided_on=dt.date(2023, 12, 1), summary="Đính chính chức vụ", recorded_by=office)

    clerk_a = StaffMember.objects.get(unit=unit_a, full_name=f"Văn thư {UNIT_A}").user
    clerk_b = StaffMember.objects.get(unit=unit_b, full_name=f"Văn thư {UNIT_B}").user
    leader_a = staff_user(unit_a, username=f"truongphong.a{suffix}", full_name="Trưởng phòng A", is_leader=True)
    inspector = inspector_user(username=f"thanhtra{suffix}", agency=agency)
    # The province's steering committee (issue 11): it sees only what agencies forward (here: nothing yet).
    committee = committee_user(username=f"bcd.tinh{suffix}", province=campaign.agency.province)

    dossier_a = Dossier.objects.filter(unit=unit_a, level="grassroots").get()
    file_a = DossierFile.objects.filter(dossier=dossier_a).first()
    nomination_a = Nomination.objects.filter(dossier=dossier_a, kind="individual").first()
    item = ContentItem.objects.create(campaign=campaign, number=1, text="Triển khai, quán triệt")
    report = ProgressReportFactory(content_item=item, unit=unit_a, created_by=clerk_a)
    evidence = ProgressEvidence(report=report, original_name="minh-chung.pdf", content_type="application/pdf",
                                size=len(pdf_bytes()), sha256=__import__("hashlib").sha256(pdf_bytes()).hexdigest(),
                                uploaded_by=clerk_a, uploaded_at=vn(2023, 10, 1, 9))
    evidence.file.save("minh-chung.pdf", ContentFile(pdf_bytes()), save=True)
    SupervisionReportFactory(campaign=campaign, filed_by=inspector)
    # The board's recommendation to the Director, with an attachment and the Director's answer (issue 14).
    recommendation = recommendation_services.file_recommendation(
        agency=agency, by=inspector, title="Niêm yết danh sách đề nghị khen thưởng",
        content="Đề nghị niêm yết đủ 5 ngày làm việc.",
        attachments=[SimpleUploadedFile("kien-nghi.pdf", pdf_bytes(), content_type="application/pdf")],
    )
    recommendation_services.answer_recommendation(recommendation=recommendation, by=director, decision="accepted",
                                                  text="Văn phòng Sở niêm yết từ tuần sau.")
    # One record of every other kind the admin shows, so each of its pages and actions is walked.
    AcknowledgementFactory(campaign=campaign, staff=clerk_a.staff_member, acknowledged_by=clerk_a)
    Feedback.objects.create(publication=Publication.objects.get(campaign=campaign, level="grassroots"), nomination=nomination_a,
                            author=clerk_b, text="Đề nghị làm rõ thành tích.", created_at=vn(2023, 11, 14, 9),
                            answer="Đã làm rõ.", answered_by=office, answered_at=vn(2023, 11, 15, 9))
    CertificateLayout.objects.get_or_create(agency=campaign.agency)
    # Emulation (issue 16): the plan's settings, a criterion, unit A's pledge and its score with an evidence file.
    EmulationSettings.objects.create(campaign=campaign, persons_pledge=True, pledge_lock_date=dt.date(2023, 6, 30),
                                     scoring_deadline=dt.date(2023, 11, 15))
    criterion = Criterion.objects.create(campaign=campaign, content_item=item, order=1, text="Ban hành kế hoạch",
                                         max_points=4)
    Pledge.objects.create(campaign=campaign, unit=unit_a, title="excellent_collective", created_by=clerk_a,
                          created_at=vn(2023, 6, 1, 9), updated_by=clerk_a, updated_at=vn(2023, 6, 1, 9))
    score = Score(campaign=campaign, criterion=criterion, unit=unit_a, self_points=3, evidence_text="Kế hoạch số 12",
                  scored_by=clerk_a, scored_at=vn(2023, 11, 5, 9), evidence_name="ke-hoach.pdf",
                  evidence_content_type="application/pdf", evidence_size=len(pdf_bytes()))
    score.evidence_file.save("ke-hoach.pdf", ContentFile(pdf_bytes()), save=True)
    # The unit's review meeting held for dossier A before it was submitted (issue 16).
    unit_review_meeting = closed_meeting(dossier_a, chair=leader_a, secretary=clerk_a, voters=[clerk_a])
    NonWorkingDay.objects.get_or_create(agency=agency, date=dt.date(2024, 2, 15), defaults={"note": "Nghỉ thêm sau Tết"})
    regime_2023 = LegalRegime.objects.get(code="2023")
    own_letter = FormTemplate(agency=agency, regime=regime_2023, kind=FormKind.PROPOSAL_LETTER, original_name="cv.docx",
                              uploaded_by=office)
    own_letter.file.save("cv.docx", ContentFile((FORMS_DIR / "2023" / "proposal_letter.docx").read_bytes()), save=True)
    # A group of the deployment (roles are memberships now; groups only exist if an administrator makes one).
    Group.objects.get_or_create(name="Nhóm quản trị triển khai")
    seen = {"user_agent": "thu-nghiem", "ip_address": "127.0.0.1", "username": clerk_a.username, "http_accept": "*/*",
            "path_info": "/dang-nhap/"}
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=5)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen, locked_out=True)
    # The Director's second factor (issue 14): their office sees it in the admin and removes it for recovery.
    TOTPDevice.objects.create(user=director, name="Ứng dụng xác thực trên điện thoại", confirmed=True)
    # The council's e-ballot (issue 14): a secret ballot of a meeting, closed, one member having voted.
    ballot_meeting = review_services.create_meeting(campaign=campaign, level="grassroots", held_on=dt.date(2023, 11, 14),
                                                   present=council[:5], by=office)
    council_ballot = CouncilBallot.objects.create(
        meeting=ballot_meeting, state="closed", opens_at=vn(2023, 11, 14, 8), closes_at=vn(2023, 11, 14, 17),
        secret=True, opened_by=office, opened_at=vn(2023, 11, 14, 7), closed_by=office, closed_at=vn(2023, 11, 14, 17),
    )
    CouncilBallotParticipation.objects.create(ballot=council_ballot, member=council[0], voted_at=vn(2023, 11, 14, 9))
    # The outbox (issue 15): a mail that could not be sent, and the agency's copies of the mail templates.
    from campaign.mail.models import MailStatus, OutgoingMail
    from campaign.mail.services import ensure_templates

    OutgoingMail.objects.create(agency=agency, kind="dossier_state_changed", recipients=clerk_a.email,
                                subject="[Thi đua] Hồ sơ của đơn vị: Đã tiếp nhận", body="Đã tiếp nhận.",
                                status=MailStatus.FAILED, attempts=5, about_label=str(dossier_a))
    ensure_templates(agency)
    # A big print run of the signed decision's certificates, done (issue 17 point 4).
    from awards.models import PrintJob

    print_job = PrintJob(agency=decision.agency, decision=decision, kind="certificates", paper="A4", requested_by=office,
                         status="done", done=7, total=7, created_at=vn(2023, 11, 24, 10), finished_at=vn(2023, 11, 24, 10))
    print_job.file.save("giay-khen.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    print_job.save()
    return World(
        users={"anonymous": None, "staff_a": clerk_a, "staff_b": clerk_b, "leader_a": leader_a, "office": office,
               "inspector": inspector, "director": director, "committee": committee},
        ids={
            "campaign": campaign.pk, "agency": campaign.agency_id, "unit_a": unit_a.pk, "item": item.pk,
            "dossier_a": dossier_a.pk, "file_a": file_a.pk, "nomination_a": nomination_a.pk,
            "evidence_a": evidence.pk, "publication": Publication.objects.get(campaign=campaign, level="grassroots").pk,
            "decision": decision.pk, "award_a": award_a.pk, "proposal": proposal.pk, "print_job": print_job.pk,
            "staff_a_member": nomination_a.staff_id, "meeting": meeting.pk,
            "criterion": criterion.pk, "score_a": score.pk,
            "review_meeting": unit_review_meeting.pk,
            "notice": decision.notice.pk, "regime_2023": regime_2023.pk,
            "award_token": award_a.verify_token,
            "recommendation": recommendation.pk,
            "recommendation_file": recommendation.attachments.get().pk,
            "council_ballot": council_ballot.pk,
            "plan": campaign.provincial_plan_id, "approval_p": provincial_approval.pk,
        },
    )
