"""Demo data for the inspection board's recommendations (issue 14 point 5): Sở Công Thương's board
(login “thanhtra”) has filed three recommendations to the Director this year: one answered by the
Director (“giamdoc”, partly accepted, with reasons), one still open within its 15 days, and one overdue.

Runs after `seed_demo` (and may follow the other demo commands). Idempotent: once the agency has a
recommendation, nothing is added. Everything goes through the portal's services, with past times.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaign.models import Agency, Recommendation, SupervisionReport
from campaign.recommendations import services
from core.pdf import html_to_pdf
from core.time import PLAN_TZ, local_today

ANSWERED = {
    "title": "Công khai đầy đủ danh sách đề nghị khen thưởng tại bảng tin các phòng",
    "content": (
        "Qua giám sát, Ban Thanh tra nhân dân nhận thấy danh sách tập thể, cá nhân được đề nghị khen thưởng chỉ "
        "được niêm yết tại trụ sở chính, chưa niêm yết tại bảng tin của các phòng, đơn vị ở cơ sở 2.\n"
        "Ban Thanh tra nhân dân kiến nghị Giám đốc Sở chỉ đạo Văn phòng Sở niêm yết danh sách tại tất cả các "
        "điểm làm việc và đăng trên cổng thông tin nội bộ đủ thời gian theo quy định."
    ),
    "days_ago": 40,
}
OPEN = {
    "title": "Bổ sung đại diện Công đoàn cơ sở vào thành phần họp xét khen thưởng của các phòng",
    "content": (
        "Một số phòng họp xét đề nghị khen thưởng không mời đại diện Ban Chấp hành Công đoàn cơ sở dự họp. "
        "Đề nghị Giám đốc Sở chỉ đạo các phòng mời đại diện Công đoàn dự các cuộc họp xét từ nay."
    ),
    "days_ago": 3,
}
OVERDUE = {
    "title": "Trả lời ý kiến của công chức về tiêu chí chấm điểm thi đua",
    "content": (
        "Ban Thanh tra nhân dân đã nhận 04 ý kiến của công chức đề nghị làm rõ cách chấm điểm tiêu chí “tham gia "
        "sinh hoạt chuyên đề”. Đề nghị Giám đốc Sở giao Văn phòng Sở trả lời bằng văn bản và công khai cách "
        "chấm điểm trước kỳ tổng kết."
    ),
    "days_ago": 25,
}
ANSWER = {
    "decision": "partly",
    "text": (
        "Giao Văn phòng Sở niêm yết danh sách tại bảng tin của trụ sở chính và cơ sở 2, đồng thời đăng trên cổng "
        "thông tin nội bộ trong thời gian công khai; hoàn thành trước ngày ký quyết định khen thưởng."
    ),
    "reasons": (
        "Các phòng làm việc chung trụ sở chính dùng chung bảng tin của cơ quan; không lập thêm bảng tin riêng "
        "cho từng phòng."
    ),
}


def _at(days_ago: int, hour: int) -> datetime:
    return datetime.combine(local_today() - timedelta(days=days_ago), time(hour, 0), tzinfo=PLAN_TZ)


def _minutes_pdf() -> SimpleUploadedFile:
    html = (
        "<html><head><style>@page{size:A4;margin:20mm 15mm 20mm 30mm}"
        "body{font-family:'Liberation Serif','Tinos','DejaVu Serif',serif;font-size:13pt}"
        "h1{font-size:14pt;text-align:center}</style></head><body><h1>BIÊN BẢN GIÁM SÁT</h1>"
        "<p>Ban Thanh tra nhân dân giám sát việc công khai danh sách đề nghị khen thưởng tại các điểm làm việc "
        "của cơ quan.</p><p><i>(Tài liệu mẫu của cổng thi đua)</i></p></body></html>"
    )
    return SimpleUploadedFile("Bien ban giam sat cong khai.pdf", html_to_pdf(html).content, content_type="application/pdf")


class Command(BaseCommand):
    help = "Tạo 3 kiến nghị mẫu của Ban Thanh tra nhân dân Sở Công Thương (đã trả lời, đang chờ, quá hạn)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        agency = Agency.objects.filter(code="SCT").first()
        board = User.objects.filter(username="thanhtra").first()
        director = User.objects.filter(username="giamdoc").first()
        if agency is None or board is None or director is None:
            raise CommandError("Chưa có dữ liệu mẫu của Sở Công Thương: hãy chạy “python manage.py seed_demo” trước.")
        if Recommendation.objects.filter(agency=agency).exists():
            if not quiet:
                self.stdout.write("Sở Công Thương đã có kiến nghị của Ban Thanh tra nhân dân; không tạo thêm.")
            return
        report = (
            SupervisionReport.objects.filter(campaign__agency=agency).select_related("campaign").order_by("-filed_at")
            .first()
        )
        with transaction.atomic():
            answered = services.file_recommendation(
                agency=agency, by=board, title=ANSWERED["title"], content=ANSWERED["content"],
                campaign=report.campaign if report else None, supervision_report=report,
                attachments=[_minutes_pdf()], now=_at(ANSWERED["days_ago"], 9),
            )
            services.answer_recommendation(recommendation=answered, by=director, now=_at(ANSWERED["days_ago"] - 10, 15),
                                           **ANSWER)
            overdue = services.file_recommendation(
                agency=agency, by=board, title=OVERDUE["title"], content=OVERDUE["content"],
                now=_at(OVERDUE["days_ago"], 10),
            )
            waiting = services.file_recommendation(
                agency=agency, by=board, title=OPEN["title"], content=OPEN["content"], now=_at(OPEN["days_ago"], 14),
            )
        if not quiet:
            for recommendation, state in ((answered, "đã trả lời"), (overdue, "quá hạn"), (waiting, "chờ trả lời")):
                self.stdout.write(
                    f"Kiến nghị số {recommendation.reference} ({state}, hạn {recommendation.due_date:%d/%m/%Y}): "
                    f"{recommendation.title}"
                )
