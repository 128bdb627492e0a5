"""Demo data for the unit's review meeting (issue 16): in the demo plan “01/KH-SCT-DEMO”, Phòng Quản lý
Năng lượng prepares a grassroots draft, its head holds a review meeting yesterday afternoon with a secret
online ballot of the unit's three staff, closes it and confirms the minutes, which the portal files as the
dossier's “Biên bản họp xét đề nghị khen thưởng”. The draft is left for the unit to complete and submit.

Runs after `seed_demo` (and may follow `seed_demo_review`, `seed_demo_awards`). Idempotent: once the plan
has a review meeting, nothing is added. Everything goes through the portal's services.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaign.management.commands.seed_demo import DEMO_CAMPAIGN, DEMO_PASSWORD
from campaign.models import Agency, Campaign, StaffMember
from core.time import PLAN_TZ, local_today
from dossiers import meetings, services
from dossiers.management.commands.seed_demo_review import demo_pdf
from dossiers.models import LIVE_STATES, Dossier, DossierFile, NomineeKind, ReviewMeeting

UNIT = "Phòng Quản lý Năng lượng"
HEAD, SECRETARY, STAFF = "Hồ Văn Nghĩa", "Dương Thị Kiều Oanh", "Mai Văn Thành"
# username per person (the head's is the one seed_demo_review uses, if it ran)
LOGINS = {HEAD: "donvi.nangluong", SECRETARY: "nangluong.oanh", STAFF: "nangluong.thanh"}
COLLECTIVE_SUMMARY = (
    "Tập thể đoàn kết; quán triệt Kế hoạch đến 100% công chức của phòng; công khai kết quả thẩm định các dự "
    "án điện mặt trời mái nhà; không có đơn thư khiếu nại."
)
OANH_SUMMARY = (
    "Chủ trì rà soát, công khai quy trình thẩm định thiết kế công trình điện; tích cực góp ý xây dựng quy chế "
    "dân chủ của cơ quan."
)
# Each person's ballot: (on the collective, on Bà Oanh); a secret ballot keeps only the counts.
BALLOTS = {HEAD: ("agree", "agree"), SECRETARY: ("agree", "abstain"), STAFF: ("agree", "agree")}


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PLAN_TZ)


class Command(BaseCommand):
    help = "Tạo một cuộc họp xét đề nghị khen thưởng của đơn vị (bỏ phiếu trực tuyến) trong kế hoạch mẫu 01/KH-SCT-DEMO."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        agency = Agency.objects.filter(code="SCT").first()
        campaign = (
            Campaign.objects.filter(agency=agency, number=DEMO_CAMPAIGN["number"]).order_by("-year").first()
            if agency
            else None
        )
        if campaign is None:
            raise CommandError("Chưa có kế hoạch mẫu 01/KH-SCT-DEMO: hãy chạy “python manage.py seed_demo” trước.")
        if ReviewMeeting.objects.filter(dossier__campaign=campaign).exists():
            if not quiet:
                self.stdout.write(f"Kế hoạch {campaign.number} đã có cuộc họp xét mẫu; không tạo thêm.")
            return
        people = {s.full_name: s for s in StaffMember.objects.filter(unit__agency=agency, unit__name=UNIT)}
        if set(LOGINS) - set(people):
            raise CommandError(f"Thiếu cán bộ mẫu của {UNIT}: hãy chạy “python manage.py seed_demo” trước.")
        unit = people[HEAD].unit
        if Dossier.objects.filter(campaign=campaign, unit=unit, level="grassroots", state__in=LIVE_STATES).exists():
            if not quiet:
                self.stdout.write(f"{UNIT} đã có hồ sơ cấp cơ sở trong {campaign.number}; không tạo cuộc họp mẫu.")
            return
        yesterday = local_today() - timedelta(days=1)
        with transaction.atomic():
            users = {name: self._login(LOGINS[name], people[name]) for name in LOGINS}
            head = users[HEAD]
            dossier = services.create_dossier(
                campaign=campaign, unit=unit, level="grassroots", by=head, now=_at(yesterday, 8)
            )
            services.add_nomination(
                dossier=dossier, by=head, kind=NomineeKind.COLLECTIVE, achievement_summary=COLLECTIVE_SUMMARY,
                report=demo_pdf(f"Báo cáo tóm tắt thành tích – {UNIT}", COLLECTIVE_SUMMARY), now=_at(yesterday, 8, 10),
            )
            services.add_nomination(
                dossier=dossier, by=head, kind=NomineeKind.INDIVIDUAL, staff=people[SECRETARY],
                achievement_summary=OANH_SUMMARY, report=demo_pdf(f"Báo cáo tóm tắt thành tích – {SECRETARY}", OANH_SUMMARY),
                now=_at(yesterday, 8, 20),
            )
            meeting = meetings.open_meeting(
                dossier=dossier, by=head, held_at=_at(yesterday, 14), place="Phòng họp tầng 2, trụ sở Sở Công Thương",
                chair=people[HEAD], secretary=people[SECRETARY], voting_opens_at=_at(yesterday, 14),
                voting_closes_at=_at(yesterday, 16, 30), secret_ballot=True, now=_at(yesterday, 9),
            )
            questions = list(meeting.questions.all())
            for minute, (name, (on_unit, on_person)) in enumerate(BALLOTS.items(), start=10):
                meetings.cast_ballot(
                    meeting=meeting, by=users[name], choices={questions[0].pk: on_unit, questions[1].pk: on_person},
                    now=_at(yesterday, 14, minute),
                )
            meetings.close_meeting(meeting=meeting, by=head, now=_at(yesterday, 15, 45))
            meeting = meetings.confirm_minutes(meeting=meeting, by=head, now=_at(yesterday, 16))
            # The reports were prepared that morning, the minutes right after the meeting.
            DossierFile.objects.filter(dossier=dossier).exclude(pk=meeting.minutes_file_id).update(
                uploaded_at=_at(yesterday, 8, 30)
            )
            DossierFile.objects.filter(pk=meeting.minutes_file_id).update(uploaded_at=_at(yesterday, 16))
        if not quiet:
            self.stdout.write(self.style.SUCCESS(
                f"Đã tạo cuộc họp xét của {UNIT} ngày {yesterday:%d/%m/%Y} trong {campaign.number}: 03 người bỏ phiếu "
                "kín; biên bản đã xác nhận và đưa vào hồ sơ nháp của đơn vị."
            ))
            self.stdout.write(
                f"Tài khoản (mật khẩu {DEMO_PASSWORD}): {LOGINS[HEAD]} (trưởng phòng), {LOGINS[SECRETARY]}, {LOGINS[STAFF]}."
            )

    def _login(self, username: str, staff: StaffMember) -> User:
        if staff.user_id:
            return staff.user
        user, created = User.objects.get_or_create(username=username)
        if not user.email:  # a demo address per login, as seed_demo's: the demo's mails land in the outbox
            code = staff.unit.agency.code.lower()
            user.email = f"{username.removesuffix('.' + code)}@{code}.dongthap.gov.vn"
            user.save(update_fields=["email"])
        if created:
            family, _, given = staff.full_name.partition(" ")
            user.last_name, user.first_name = family, given
            user.set_password(DEMO_PASSWORD)
            user.save()
        staff.user = user
        staff.save(update_fields=["user"])
        return user
