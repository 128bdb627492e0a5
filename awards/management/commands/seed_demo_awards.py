"""Demo data for the end of the 2023 campaign: the list approved, published and closed, the decision drafted.

Runs after `seed_demo`. Two units (Phòng Quản lý Công nghiệp, Trung tâm Khuyến công và Xúc tiến thương mại)
submitted their grassroots dossiers before the 10/11/2023 cutoff; the office accepted them; the council
voted; 2 collectives and 5 individuals were approved (the quota); the list was published for five working
days and one staff comment was answered; the office drafted decision 125/QĐ-SCT. The Director (giamdoc)
can sign it and print the decision and the certificates.

Everything goes through the services, at the 2023 dates each step really happened, so the rules (R3-R5)
are checked as they would be. Idempotent: each step is skipped when its result is already there.
"""

from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.issuing import services as issuing
from awards.issuing.pdf import html_to_pdf
from awards.models import Approval, AwardDecision, CouncilMeeting, Feedback, Publication, Vote
from awards.review import council
from awards.review import services as review
from campaign.management.commands.seed_demo import CAMPAIGN_2023, DEMO_PASSWORD
from campaign.models import Agency, AwardLevel, Campaign, StaffMember, Unit
from core.time import PLAN_TZ, vn_date
from dossiers import services as dossier_services
from dossiers.models import LIVE_STATES, DocumentKind, Dossier, DossierFile, DossierState, NomineeKind

GRASSROOTS = AwardLevel.GRASSROOTS


def at(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PLAN_TZ)


# (unit, login of its clerk, collective's achievements, ((individual, achievements), ...))
DOSSIERS = (
    (
        "Phòng Quản lý Công nghiệp",
        "donvi.congnghiep",
        "Tổ chức quán triệt Luật thực hiện dân chủ ở cơ sở cho 100% công chức của phòng; công khai quy trình "
        "giải quyết thủ tục hành chính lĩnh vực công nghiệp; không có đơn thư khiếu nại.",
        (
            ("Nguyễn Thành Đạt", "Đề xuất số hóa quy trình cấp giấy phép hóa chất, rút ngắn 30% thời gian xử lý; "
             "tích cực góp ý xây dựng quy chế dân chủ của cơ quan."),
            ("Lê Thị Hồng Nhung", "Chủ trì rà soát, công khai 18 thủ tục hành chính; tổ chức đối thoại với doanh "
             "nghiệp cụm công nghiệp Sa Đéc."),
            ("Trần Văn Khoa", "Lãnh đạo phòng hoàn thành xuất sắc nhiệm vụ; thực hiện nghiêm việc công khai, minh "
             "bạch trong phân công, đánh giá công chức."),
        ),
    ),
    (
        "Trung tâm Khuyến công và Xúc tiến thương mại",
        "donvi.khuyencong",
        "Thực hiện tốt quy chế dân chủ trong hoạt động của đơn vị sự nghiệp; công khai tài chính, quy chế chi "
        "tiêu nội bộ; tổ chức hội nghị viên chức đúng quy định.",
        (
            ("Phạm Thị Thúy Vy", "Tham mưu tổ chức 04 hội chợ xúc tiến thương mại; tích cực tham gia giám sát thực "
             "hiện quy chế dân chủ."),
            ("Võ Hoàng Nam", "Hoàn thành xuất sắc nhiệm vụ hỗ trợ doanh nghiệp nông thôn; tham gia xây dựng quy chế "
             "tiếp công dân của Trung tâm."),
        ),
    ),
)
FEEDBACK = (
    "donvi.khuyencong",
    "Nguyễn Thành Đạt",
    "Đề nghị Văn phòng Sở làm rõ kết quả số hóa quy trình cấp giấy phép hóa chất của ông Nguyễn Thành Đạt "
    "(đã áp dụng chính thức hay mới thử nghiệm).",
    "Quy trình đã được Giám đốc Sở phê duyệt và áp dụng chính thức từ ngày 01/8/2023 (Quyết định số "
    "212/QĐ-SCT); thời gian xử lý hồ sơ giảm từ 10 xuống 7 ngày làm việc. Văn phòng Sở giữ nguyên đề nghị.",
)
DECISION = {"number": "125/QĐ-SCT", "signing_date": date(2023, 11, 24)}
# Votes of the council members present (all agree, one abstains on one nominee: a real tally).
ABSTAIN = ("Trương Minh Tuấn", "Võ Hoàng Nam")


def demo_file(title: str, unit: str, name: str) -> SimpleUploadedFile:
    """A small, real PDF, so the office can open what the unit “uploaded”."""
    html = (
        "<html><body style='font-family: \"Liberation Serif\", serif; font-size: 14pt'>"
        f"<p><b>{unit.upper()}</b></p><h2 style='text-align:center'>{title}</h2>"
        "<p><i>Tài liệu mẫu của dữ liệu thử nghiệm.</i></p></body></html>"
    )
    return SimpleUploadedFile(name, html_to_pdf(html).content, content_type="application/pdf")


class Command(BaseCommand):
    help = (
        "Đưa kế hoạch thi đua năm 2023 (dữ liệu mẫu) đến bước Giám đốc ký quyết định khen thưởng: hồ sơ, "
        "biểu quyết, duyệt trong chỉ tiêu, công khai, trả lời ý kiến, dự thảo quyết định."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        agency = Agency.objects.filter(code="SCT").first()
        campaign = Campaign.objects.filter(
            agency=agency, number=CAMPAIGN_2023["number"], year=CAMPAIGN_2023["year"]
        ).first()
        if agency is None or campaign is None:
            raise CommandError("Chưa có dữ liệu mẫu của kế hoạch năm 2023: hãy chạy “python manage.py seed_demo” trước.")
        users = {u.username: u for u in User.objects.filter(username__in=["vanphong", "giamdoc", "donvi.congnghiep",
                                                                            "donvi.khuyencong"])}
        if len(users) < 4:
            raise CommandError("Thiếu tài khoản mẫu (vanphong, giamdoc, donvi.*): hãy chạy “seed_demo” trước.")
        office = users["vanphong"]
        with transaction.atomic():
            nominations = self.seed_dossiers(campaign, users, office)
            self.seed_council(campaign, office, nominations)
            publication = self.seed_publication(campaign, office, users, nominations)
            decision = self.seed_decision(campaign, office)
        if not quiet:
            self.print_summary(campaign, publication, decision)

    def seed_dossiers(self, campaign: Campaign, users: dict, office: User) -> dict:
        nominations = {}
        for unit_name, login, collective_text, people in DOSSIERS:
            unit = Unit.objects.get(agency=campaign.agency, name=unit_name)
            clerk = users[login]
            dossier = Dossier.objects.filter(campaign=campaign, unit=unit, level=GRASSROOTS, state__in=LIVE_STATES).first()
            if dossier is None:
                dossier = self.create_dossier(campaign, unit, clerk, office, collective_text, people)
            elif dossier.state != DossierState.ACCEPTED:
                raise CommandError(
                    f"{unit_name} đã có hồ sơ cấp cơ sở năm 2023 ở trạng thái “{dossier.get_state_display()}”; "
                    "dữ liệu mẫu không ghi đè. Hãy rút hoặc xoá hồ sơ đó rồi chạy lại."
                )
            for nomination in dossier.nominations.select_related("staff", "nominee_unit"):
                nominations[nomination.nominee_name] = nomination
        return nominations

    def create_dossier(self, campaign, unit, clerk, office, collective_text, people) -> Dossier:
        dossier = dossier_services.create_dossier(
            campaign=campaign, unit=unit, level=GRASSROOTS, by=clerk, now=at(2023, 11, 3, 8, 30)
        )
        dossier_services.upload_document(
            dossier=dossier, by=clerk, kind=DocumentKind.PROPOSAL_LETTER,
            upload=demo_file("CÔNG VĂN ĐỀ NGHỊ KHEN THƯỞNG", unit.name, "cong-van-de-nghi.pdf"),
        )
        dossier_services.upload_document(
            dossier=dossier, by=clerk, kind=DocumentKind.MEETING_MINUTES,
            upload=demo_file("BIÊN BẢN HỌP XÉT ĐỀ NGHỊ KHEN THƯỞNG", unit.name, "bien-ban-hop-xet.pdf"),
        )
        dossier_services.add_nomination(
            dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary=collective_text,
            report=demo_file(f"BÁO CÁO TÓM TẮT THÀNH TÍCH – {unit.name}", unit.name, "bao-cao-tom-tat-tap-the.pdf"),
            now=at(2023, 11, 3, 9),
        )
        for full_name, text in people:
            staff = StaffMember.objects.get(full_name=full_name, unit=unit)
            dossier_services.add_nomination(
                dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=staff, achievement_summary=text,
                report=demo_file(f"BÁO CÁO TÓM TẮT THÀNH TÍCH – {full_name}", unit.name, "bao-cao-tom-tat.pdf"),
                now=at(2023, 11, 3, 9),
            )
        # The uploads happened on the day the dossier was prepared, not today.
        DossierFile.objects.filter(dossier=dossier).update(uploaded_at=at(2023, 11, 3, 9, 15))
        dossier_services.submit_dossier(dossier=dossier, by=clerk, now=at(2023, 11, 6, 10))
        dossier_services.accept_dossier(dossier=dossier, by=office, now=at(2023, 11, 13, 8))
        dossier.refresh_from_db()
        return dossier

    def seed_council(self, campaign: Campaign, office: User, nominations: dict) -> None:
        members = list(council.council_members(campaign))
        meeting = CouncilMeeting.objects.filter(campaign=campaign, level=GRASSROOTS).order_by("held_on").first()
        if meeting is None:
            meeting = review.create_meeting(
                campaign=campaign, level=GRASSROOTS, held_on=date(2023, 11, 13), present=members, by=office,
                now=at(2023, 11, 13, 14),
            )
            meeting.notes = "Họp xét đề nghị khen thưởng thực hiện Quy chế dân chủ ở cơ sở năm 2023."
            meeting.save(update_fields=["notes"])
        for name, nomination in nominations.items():
            if not Vote.objects.filter(meeting=meeting, nomination=nomination).exists():
                votes = {
                    m.pk: "abstain" if (m.full_name, name) == ABSTAIN else "agree" for m in members
                }
                review.record_votes(meeting=meeting, nomination=nomination, votes=votes, by=office,
                                      now=at(2023, 11, 13, 15))
        # Collectives first, then individuals, in the order the units proposed them.
        ordered = sorted(nominations.values(), key=lambda n: (n.kind, n.dossier.unit.display_order, n.pk))
        if not Publication.objects.filter(campaign=campaign, level=GRASSROOTS).exists():
            for nomination in ordered:
                if not Approval.objects.filter(nomination=nomination).exists():
                    review.approve_nomination(nomination=nomination, by=office, now=at(2023, 11, 13, 16))

    def seed_publication(self, campaign: Campaign, office: User, users: dict, nominations: dict) -> Publication:
        publication = Publication.objects.filter(campaign=campaign, level=GRASSROOTS).first()
        if publication is None:
            publication = review.publish_list(
                campaign=campaign, level=GRASSROOTS, working_days=5, by=office, now=at(2023, 11, 14, 8),
                note="Mọi ý kiến góp ý gửi trên cổng hoặc trực tiếp tại Văn phòng Sở.",
            )
        login, about, text, answer = FEEDBACK
        feedback = Feedback.objects.filter(publication=publication, nomination=nominations[about]).first()
        if feedback is None:
            feedback = review.send_feedback(
                publication=publication, nomination=nominations[about], by=users[login], text=text,
                now=at(2023, 11, 15, 9, 20),
            )
        if not feedback.is_answered:
            review.answer_feedback(feedback=feedback, by=office, answer=answer, now=at(2023, 11, 16, 14))
        return publication

    def seed_decision(self, campaign: Campaign, office: User) -> AwardDecision:
        decision = AwardDecision.objects.filter(campaign=campaign, level=GRASSROOTS).first()
        if decision is None:
            decision = issuing.create_decision(campaign=campaign, by=office, now=at(2023, 11, 22, 9), **DECISION)
        return decision

    def print_summary(self, campaign: Campaign, publication: Publication, decision: AwardDecision) -> None:
        out = self.stdout
        approvals = Approval.objects.filter(campaign=campaign, level=GRASSROOTS)
        collectives = approvals.filter(kind=NomineeKind.COLLECTIVE).count()
        individuals = approvals.filter(kind=NomineeKind.INDIVIDUAL).count()
        out.write(self.style.SUCCESS(f"Kế hoạch năm 2023: đã duyệt {collectives:02d} tập thể, {individuals:02d} cá nhân."))
        out.write(
            f"- Công khai danh sách đến hết ngày {vn_date(publication.closes_on)}; "
            f"{publication.feedback.count()} ý kiến, đã trả lời."
        )
        state = "đã ký" if decision.is_signed else "dự thảo, chờ Giám đốc ký"
        out.write(f"- Quyết định {decision.number} ngày {vn_date(decision.signing_date)}: {state}.")
        out.write(
            f"Đăng nhập giamdoc / {DEMO_PASSWORD} → “Khen thưởng” → mở quyết định → “Ký quyết định”, "
            "rồi “In Quyết định”, “In Giấy khen”."
        )
