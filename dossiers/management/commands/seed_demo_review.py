"""Demo data for the office's review: a current-year campaign whose emulation period has just ended,
with dossiers of four units already submitted (one returned for supplement, one accepted).

Runs after `seed_demo`. Idempotent: once the campaign has dossiers, nothing is added again.
Everything goes through the same services as the portal, so the timeline and files are real.
"""

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaign.management.commands.seed_demo import DEMO_PASSWORD, seed_demo_campaign
from campaign.models import Agency, Campaign, StaffMember
from core.time import local_today, vn_date
from dossiers import services
from dossiers.models import DocumentKind, Dossier, NomineeKind

REVIEW_CAMPAIGN = {
    "number": "02/KH-SCT-DEMO",
    "title": "Phong trào thi đua thử nghiệm – xét khen thưởng năm {year} (dữ liệu mẫu)",
    "preamble": "Dữ liệu mẫu để Văn phòng Sở thử xét hồ sơ, họp Hội đồng và công khai danh sách: thời gian "
    "thi đua vừa kết thúc, đơn vị vẫn còn hạn nộp hồ sơ.",
    "launch_offset": -90,
    "emulation_end_offset": -1,
    "submission_deadline_offset": 7,
}

# (login to create or reuse, staff member behind it, unit, collective?, individuals, what the office does)
DOSSIERS = (
    ("donvi.congnghiep", "Trần Văn Khoa", "Phòng Quản lý Công nghiệp", True,
     ("Nguyễn Thành Đạt", "Lê Thị Hồng Nhung"), "submitted"),
    ("donvi.khuyencong", "Phạm Thị Thúy Vy", "Trung tâm Khuyến công và Xúc tiến thương mại", False,
     ("Lâm Văn Hiếu", "Phạm Thị Thúy Vy"), "returned"),
    ("donvi.kehoach", "Phan Thị Bích Trâm", "Phòng Kế hoạch - Tài chính - Tổng hợp", True,
     ("Ngô Thị Diễm My",), "submitted"),
    ("donvi.nangluong", "Hồ Văn Nghĩa", "Phòng Quản lý Năng lượng", False,
     ("Mai Văn Thành", "Dương Thị Kiều Oanh"), "accepted"),
)

SUMMARY = (
    "Hoàn thành xuất sắc nhiệm vụ năm {year}; gương mẫu thực hiện Quy chế dân chủ ở cơ sở, tích cực tham gia "
    "góp ý xây dựng cơ quan, thực hiện công khai, minh bạch trong công việc được giao."
)
COLLECTIVE_SUMMARY = (
    "Tập thể đoàn kết, hoàn thành xuất sắc nhiệm vụ năm {year}; tổ chức quán triệt Kế hoạch đến 100% công "
    "chức, viên chức, người lao động; thực hiện nghiêm quy chế chi tiêu nội bộ và công khai tài chính."
)


def demo_pdf(title: str, body: str) -> SimpleUploadedFile:
    """A small real PDF with Vietnamese text, as a unit would scan or export."""
    from weasyprint import HTML

    html = (
        "<html><head><style>@page{size:A4;margin:20mm 15mm 20mm 30mm}"
        "body{font-family:'Liberation Serif','Tinos','DejaVu Serif',serif;font-size:13pt}"
        "h1{font-size:14pt;text-align:center}</style></head>"
        f"<body><h1>{title}</h1><p>{body}</p><p><i>(Tài liệu mẫu của cổng thi đua)</i></p></body></html>"
    )
    name = title.replace(" – ", " - ")[:120] + ".pdf"  # as a clerk would save it
    return SimpleUploadedFile(name, HTML(string=html).write_pdf(), content_type="application/pdf")


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu để Văn phòng Sở thử xét hồ sơ (chạy sau seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        agency = Agency.objects.filter(code="SCT").first()
        plan = Campaign.objects.filter(agency=agency, year=2023).first()
        office = User.objects.filter(username="vanphong").first()
        if agency is None or plan is None or office is None:
            raise CommandError("Chưa có dữ liệu mẫu: hãy chạy `python manage.py seed_demo` trước.")
        with transaction.atomic():
            campaign, _ = seed_demo_campaign(agency, plan, REVIEW_CAMPAIGN)
            if Dossier.objects.filter(campaign=campaign).exists():
                if not quiet:
                    self.stdout.write(f"Kế hoạch “{campaign.title}” đã có hồ sơ mẫu; không tạo thêm.")
                return
            for login, person, unit_name, collective, individuals, outcome in DOSSIERS:
                self._dossier(campaign, office, login, person, unit_name, collective, individuals, outcome)
        if not quiet:
            self.stdout.write(self.style.SUCCESS(
                f"Đã tạo {len(DOSSIERS)} hồ sơ mẫu trong “{campaign.title}” (thi đua đến hết ngày "
                f"{vn_date(campaign.emulation_end)}, nộp hồ sơ đến hết ngày {vn_date(campaign.submission_deadline)})."
            ))
            self.stdout.write("Tài khoản đơn vị thêm (mật khẩu " + DEMO_PASSWORD + "): donvi.kehoach, donvi.nangluong.")

    def _dossier(self, campaign, office, login, person, unit_name, collective, individuals, outcome):
        staff = {s.full_name: s for s in StaffMember.objects.filter(unit__agency=campaign.agency, unit__name=unit_name)}
        clerk = self._login(login, staff[person])
        year = local_today().year
        dossier = services.create_dossier(campaign=campaign, unit=staff[person].unit, level="grassroots", by=clerk)
        services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=demo_pdf(
            f"Công văn đề nghị khen thưởng – {unit_name}", f"{unit_name} đề nghị Giám đốc Sở tặng Giấy khen."))
        services.upload_document(dossier=dossier, by=clerk, kind=DocumentKind.MEETING_MINUTES, upload=demo_pdf(
            f"Biên bản họp xét đề nghị khen thưởng – {unit_name}", "Cuộc họp thống nhất 100% đề nghị."))
        if collective:
            services.add_nomination(
                dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE,
                achievement_summary=COLLECTIVE_SUMMARY.format(year=year),
                report=demo_pdf(f"Báo cáo tóm tắt thành tích – {unit_name}", COLLECTIVE_SUMMARY.format(year=year)),
            )
        for name in individuals:
            services.add_nomination(
                dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=staff[name],
                achievement_summary=SUMMARY.format(year=year),
                report=demo_pdf(f"Báo cáo tóm tắt thành tích – {name}", SUMMARY.format(year=year)),
            )
        services.submit_dossier(dossier=dossier, by=clerk)
        if outcome == "returned":
            from datetime import timedelta

            services.request_supplement(
                dossier=dossier, by=office,
                note="Biên bản họp chưa có chữ ký của thư ký cuộc họp; đề nghị bổ sung bản có đủ chữ ký.",
                due_date=local_today() + timedelta(days=3),
            )
        elif outcome == "accepted":
            services.accept_dossier(dossier=dossier, by=office, note="Hồ sơ đầy đủ.")

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
