"""Demo data of the council's e-ballot (issue 14 point 4): in Sở Công Thương's 2023 plan, Trung tâm Khuyến
công và Xúc tiến thương mại proposes itself and Bà Phạm Thị Thúy Vy for provincial awards; the office
accepts the dossier; the council meets on 15/11/2023 and votes by secret e-ballot from 08:00 to 11:00 (five
members present, each with a login); the office closes the ballot, whose result becomes the meeting's votes.
The office, the Director and the board find it under “Hội đồng” with the tally and the minutes (PDF).

Runs after `seed_demo`, `seed_demo_review` and `seed_demo_awards`. Every step goes through the services at
the 2023 dates it happened. Idempotent: once the plan has an e-ballot, nothing is added.
"""

from datetime import date

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.management.commands.seed_demo_awards import at, demo_file
from awards.models import CouncilBallot
from awards.review import ballots
from awards.review import services as review
from campaign.management.commands.seed_demo import CAMPAIGN_2023, DEMO_PASSWORD
from campaign.models import Agency, AwardLevel, Campaign, StaffMember, Unit
from dossiers import services as dossier_services
from dossiers.models import LIVE_STATES, DocumentKind, Dossier, DossierState, NomineeKind

PROVINCIAL = AwardLevel.PROVINCIAL
UNIT = "Trung tâm Khuyến công và Xúc tiến thương mại"
CLERK = "donvi.khuyencong"
COLLECTIVE_TEXT = (
    "Ba năm liền hoàn thành xuất sắc nhiệm vụ; thực hiện tốt quy chế dân chủ trong hoạt động của đơn vị sự "
    "nghiệp; tổ chức 12 hội chợ, hội nghị kết nối cung cầu cho doanh nghiệp nông thôn."
)
PERSON = ("Phạm Thị Thúy Vy", "Tham mưu tổ chức 04 hội chợ xúc tiến thương mại; sáng kiến sàn giao dịch trực tuyến "
          "cho sản phẩm OCOP được áp dụng toàn tỉnh.")
# Council members present with their logins (the Director, who chairs the council, logs in as giamdoc).
MEMBERS = (
    ("giamdoc", "Nguyễn Hữu Dũng"),
    ("hoidong.ha", "Trần Thị Thu Hà"),
    ("hoidong.lan", "Phạm Thị Ngọc Lan"),
    ("hoidong.tram", "Phan Thị Bích Trâm"),
    ("hoidong.tuan", "Trương Minh Tuấn"),
)
# Each member's ballot: (on the collective, on Bà Vy). A secret ballot keeps only the counts.
BALLOTS = {
    "giamdoc": ("agree", "agree"),
    "hoidong.ha": ("agree", "agree"),
    "hoidong.lan": ("agree", "abstain"),
    "hoidong.tram": ("agree", "disagree"),
    "hoidong.tuan": ("agree", "conflict"),
}


class Command(BaseCommand):
    help = "Tạo một phiên biểu quyết điện tử (bỏ phiếu kín, đã kết thúc) của Hội đồng Thi đua - Khen thưởng trong kế hoạch năm 2023."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        agency = Agency.objects.filter(code="SCT").first()
        campaign = Campaign.objects.filter(
            agency=agency, number=CAMPAIGN_2023["number"], year=CAMPAIGN_2023["year"]
        ).first()
        if agency is None or campaign is None:
            raise CommandError("Chưa có dữ liệu mẫu của kế hoạch năm 2023: hãy chạy “python manage.py seed_demo” trước.")
        existing = CouncilBallot.objects.filter(meeting__campaign=campaign).first()
        if existing is not None:
            if not quiet:
                self.stdout.write(f"Kế hoạch {campaign.number} đã có phiên biểu quyết điện tử mẫu; không tạo thêm.")
            return
        users = {u.username: u for u in User.objects.filter(username__in=["vanphong", CLERK, "giamdoc"])}
        if len(users) < 3:
            raise CommandError("Thiếu tài khoản mẫu (vanphong, giamdoc, donvi.khuyencong): hãy chạy “seed_demo” trước.")
        office = users["vanphong"]
        with transaction.atomic():
            logins = self.member_logins(users)
            dossier = self.dossier(campaign, users[CLERK], office)
            meeting = review.create_meeting(
                campaign=campaign, level=PROVINCIAL, held_on=date(2023, 11, 15),
                present=[login.staff_member for login in logins.values()], by=office, now=at(2023, 11, 15, 7, 30),
            )
            meeting.notes = "Xét đề nghị khen thưởng cấp tỉnh; biểu quyết điện tử, bỏ phiếu kín."
            meeting.save(update_fields=["notes"])
            ballot = ballots.open_ballot(
                meeting=meeting, by=office, opens_at=at(2023, 11, 15, 8), closes_at=at(2023, 11, 15, 11),
                secret=True, now=at(2023, 11, 15, 7, 45),
            )
            order = list(ballots.ballot_nominations(meeting))
            for minute, (username, login) in enumerate(logins.items()):
                choices = {n.pk: c for n, c in zip(order, BALLOTS[username], strict=True)}
                ballots.cast(ballot=ballot, by=login, choices=choices, now=at(2023, 11, 15, 8, 10 + 7 * minute))
            ballots.close_ballot(ballot=ballot, by=office, now=at(2023, 11, 15, 11))
        if not quiet:
            self.stdout.write(self.style.SUCCESS(
                f"Đã tạo phiên biểu quyết điện tử của Hội đồng ngày 15/11/2023 ({dossier.unit.name}, cấp tỉnh): "
                f"bỏ phiếu kín, {len(logins)} thành viên, đã kết thúc. Xem tại “Hội đồng” (vanphong, giamdoc, thanhtra)."
            ))
            self.stdout.write("Tài khoản thành viên Hội đồng (mật khẩu " + DEMO_PASSWORD + "): "
                              + ", ".join(logins) + ".")

    def member_logins(self, users: dict) -> dict:
        logins = {}
        for username, full_name in MEMBERS:
            member = StaffMember.objects.get(full_name=full_name, unit__agency__code="SCT")
            if member.user_id is not None:
                logins[username] = member.user
                continue
            family = full_name.split()[0]
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": full_name[len(family) + 1:], "last_name": family}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if not user.email:  # a demo address per login: the demo's mails land in the outbox
                user.email = f"{username}@sct.dongthap.gov.vn"
                user.save(update_fields=["email"])
            member.user = user
            member.save(update_fields=["user"])
            logins[username] = user
        return logins

    def dossier(self, campaign: Campaign, clerk: User, office: User) -> Dossier:
        unit = Unit.objects.get(agency=campaign.agency, name=UNIT)
        dossier = Dossier.objects.filter(campaign=campaign, unit=unit, level=PROVINCIAL, state__in=LIVE_STATES).first()
        if dossier is not None:
            if dossier.state != DossierState.ACCEPTED:
                raise CommandError(f"{UNIT} đã có hồ sơ cấp tỉnh năm 2023 chưa được tiếp nhận; dữ liệu mẫu không ghi đè.")
            return dossier
        dossier = dossier_services.create_dossier(
            campaign=campaign, unit=unit, level=PROVINCIAL, by=clerk, now=at(2023, 11, 3, 14)
        )
        for kind, title, name in (
            (DocumentKind.PROPOSAL_LETTER, "CÔNG VĂN ĐỀ NGHỊ KHEN THƯỞNG CẤP TỈNH", "cong-van-de-nghi.pdf"),
            (DocumentKind.MEETING_MINUTES, "BIÊN BẢN HỌP XÉT ĐỀ NGHỊ KHEN THƯỞNG", "bien-ban-hop-xet.pdf"),
        ):
            dossier_services.upload_document(dossier=dossier, by=clerk, kind=kind, upload=demo_file(title, UNIT, name))
        dossier_services.add_nomination(
            dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary=COLLECTIVE_TEXT,
            report=demo_file(f"BÁO CÁO THÀNH TÍCH – {UNIT}", UNIT, "bao-cao-tap-the.pdf"), now=at(2023, 11, 3, 14),
        )
        full_name, text = PERSON
        dossier_services.add_nomination(
            dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL,
            staff=StaffMember.objects.get(full_name=full_name, unit=unit), achievement_summary=text,
            report=demo_file(f"BÁO CÁO THÀNH TÍCH – {full_name}", UNIT, "bao-cao-ca-nhan.pdf"), now=at(2023, 11, 3, 14),
        )
        dossier_services.submit_dossier(dossier=dossier, by=clerk, now=at(2023, 11, 6, 15))
        dossier_services.accept_dossier(dossier=dossier, by=office, now=at(2023, 11, 14, 8))
        return dossier
