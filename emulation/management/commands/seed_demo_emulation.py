"""Demo data for pledges and scores (issue 16), after seed_demo, seed_demo_review and seed_demo_awards.

- "01/KH-SCT-DEMO" (emulation period running): the plan asks persons to pledge too, pledges lock a week
  from the seeding; six units and some of their people have registered, four units have not; the
  scoring table (two criteria per content item) is set.
- "02/KH-SCT-DEMO" (emulation period just ended, dossiers under review): the same scoring table, the
  units' pledges, and five units' self-scores with one adjusted by the office, so the ranking shows
  beside the collective nominations. Self-scores exist only after an emulation period, so they are
  seeded in the plan whose period is over.

Idempotent: rows are looked up by their natural keys and created once.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from campaign.models import Agency, Campaign, ContentItem, StaffMember, Unit
from core.time import end_of_day, vn_date
from emulation.models import Criterion, EmulationSettings, Pledge, PledgeTarget, PledgeTitle, Score

# (order, text, max points), under every content item of the plan.
CRITERIA = (
    (1, "Ban hành kế hoạch, văn bản triển khai nội dung kịp thời, đúng yêu cầu", Decimal("4")),
    (2, "Tổ chức thực hiện đầy đủ, có kết quả và minh chứng cụ thể", Decimal("6")),
)

# (unit, title, targets by content item number: text or number)
UNIT_PLEDGES = (
    ("Phòng Quản lý Công nghiệp", PledgeTitle.EXCELLENT_COLLECTIVE,
     {1: "100% cán bộ được quán triệt Kế hoạch", 2: Decimal("4"), 3: "Công khai quy chế chi tiêu nội bộ đúng hạn"}),
    ("Trung tâm Khuyến công và Xúc tiến thương mại", PledgeTitle.EXCELLENT_COLLECTIVE,
     {1: "Tổ chức hội nghị quán triệt trong tháng đầu", 2: Decimal("6"), 5: "Không có đơn thư vượt cấp"}),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp", PledgeTitle.ADVANCED_COLLECTIVE,
     {1: "100% cán bộ nắm Kế hoạch", 4: "Công khai tài chính hằng quý"}),
    ("Phòng Quản lý Năng lượng", PledgeTitle.DIRECTOR_CERTIFICATE, {1: Decimal("100"), 2: Decimal("3")}),
    ("Văn phòng Sở", PledgeTitle.ADVANCED_COLLECTIVE, {1: "Tham mưu văn bản triển khai kịp thời"}),
    ("Công đoàn cơ sở Sở Công Thương", PledgeTitle.OTHER, {6: "Phối hợp tổ chức đối thoại định kỳ"}),
)
OTHER_TITLE = "Công đoàn cơ sở vững mạnh"

# (person, title, targets)
PERSONAL_PLEDGES = (
    ("Trần Văn Khoa", PledgeTitle.GRASSROOTS_FIGHTER, {1: "Chủ trì quán triệt Kế hoạch tại phòng", 2: Decimal("2")}),
    ("Nguyễn Thành Đạt", PledgeTitle.ADVANCED_WORKER, {2: "Hoàn thành 100% nhiệm vụ được giao"}),
    ("Phạm Thị Thúy Vy", PledgeTitle.GRASSROOTS_FIGHTER, {1: "Viết 2 bài tuyên truyền về QCDC", 5: Decimal("2")}),
    ("Lâm Văn Hiếu", PledgeTitle.ADVANCED_WORKER, {}),
)

# (unit, fraction of each criterion's maximum the unit gives itself)
SELF_SCORES = (
    ("Phòng Quản lý Năng lượng", Decimal("0.95")),
    ("Phòng Quản lý Công nghiệp", Decimal("0.9")),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp", Decimal("0.85")),
    ("Trung tâm Khuyến công và Xúc tiến thương mại", Decimal("0.8")),
    ("Văn phòng Sở", Decimal("0.7")),
)
ADJUSTED = ("Phòng Quản lý Năng lượng", 2, 2, Decimal("3"),
            "Minh chứng nội dung 2 chưa có biên bản kiểm tra; trừ 3 điểm theo kết quả thẩm định.")


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu đăng ký thi đua, tiêu chí và điểm (chạy sau seed_demo, seed_demo_review)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        agency = Agency.objects.filter(code="SCT").first()
        demo = Campaign.objects.filter(agency=agency, number="01/KH-SCT-DEMO").order_by("-year").first()
        review = Campaign.objects.filter(agency=agency, number="02/KH-SCT-DEMO").order_by("-year").first()
        office = User.objects.filter(username="vanphong").first()
        if agency is None or demo is None or review is None or office is None:
            raise CommandError("Chưa có dữ liệu mẫu: hãy chạy `seed_demo` và `seed_demo_review` trước.")
        units = {u.name: u for u in Unit.objects.filter(agency=agency)}
        people = {s.full_name: s for s in StaffMember.objects.filter(unit__agency=agency).select_related("unit", "user")}
        with transaction.atomic():
            lock = min(demo.launch_date + timedelta(days=37), demo.emulation_end)
            EmulationSettings.objects.get_or_create(campaign=demo, defaults={
                "persons_pledge": True, "pledge_lock_date": lock, "scoring_deadline": demo.submission_deadline})
            EmulationSettings.objects.get_or_create(campaign=review, defaults={
                "persons_pledge": False, "pledge_lock_date": review.launch_date + timedelta(days=30),
                "scoring_deadline": review.submission_deadline})
            for campaign in (demo, review):
                self._criteria(campaign)
                self._pledges(campaign, units, people, office, personal=campaign is demo)
            self._scores(review, units, office)
        if not quiet:
            settings = demo.emulation_settings
            self.stdout.write(self.style.SUCCESS(
                f"Đăng ký thi đua mẫu trong “{demo.number}” (nhận đăng ký đến hết ngày {vn_date(settings.pledge_lock_date)}): "
                f"{Pledge.objects.filter(campaign=demo, staff__isnull=True).count()}/{len(units)} đơn vị, "
                f"{Pledge.objects.filter(campaign=demo, staff__isnull=False).count()} cá nhân; "
                f"{Criterion.objects.filter(campaign=demo).count()} tiêu chí chấm điểm."
            ))
            self.stdout.write(
                f"Điểm tự chấm mẫu trong “{review.number}” (đã hết thời gian thi đua): "
                f"{Score.objects.filter(campaign=review).values('unit').distinct().count()} đơn vị; xem "
                "“Thi đua” → Bảng xếp hạng (vanphong), hoặc trang Xét duyệt cấp cơ sở trong Quản trị."
            )

    def _criteria(self, campaign: Campaign) -> None:
        for item in ContentItem.objects.filter(campaign=campaign):
            for order, text, max_points in CRITERIA:
                Criterion.objects.get_or_create(campaign=campaign, content_item=item, order=order,
                                                defaults={"text": text, "max_points": max_points})

    def _pledges(self, campaign, units, people, office, *, personal: bool) -> None:
        items = {item.number: item for item in ContentItem.objects.filter(campaign=campaign)}
        at = max(campaign.opens_at + timedelta(days=3, hours=2), campaign.opens_at)
        rows = [(units.get(name), None, title, targets) for name, title, targets in UNIT_PLEDGES]
        if personal:
            rows += [(people[name].unit, people[name], title, targets) for name, title, targets in PERSONAL_PLEDGES
                     if name in people]
        for unit, staff, title, targets in rows:
            if unit is None:
                continue
            by = (staff.user if staff is not None and staff.user_id else None) or office
            pledge, created = Pledge.objects.get_or_create(
                campaign=campaign, unit=unit, staff=staff,
                defaults={"title": title, "title_other": OTHER_TITLE if title == PledgeTitle.OTHER else "",
                          "created_by": by, "created_at": at, "updated_by": by, "updated_at": at},
            )
            if not created:
                continue
            for number, target in targets.items():
                if number in items:
                    PledgeTarget.objects.create(
                        pledge=pledge, content_item=items[number],
                        target_text=target if isinstance(target, str) else "",
                        target_number=target if isinstance(target, Decimal) else None,
                    )

    def _scores(self, campaign: Campaign, units, office) -> None:
        criteria = list(Criterion.objects.filter(campaign=campaign).select_related("content_item"))
        scored_at = min(end_of_day(campaign.emulation_end) + timedelta(hours=10), timezone.now())
        for name, share in SELF_SCORES:
            unit = units.get(name)
            if unit is None:
                continue
            for criterion in criteria:
                points = (criterion.max_points * share).quantize(Decimal("1"))
                Score.objects.get_or_create(criterion=criterion, unit=unit, defaults={
                    "campaign": campaign, "self_points": points, "scored_at": scored_at,
                    "evidence_text": f"Báo cáo kết quả nội dung {criterion.content_item.number} của {name}; "
                                     "văn bản, hình ảnh lưu tại đơn vị.",
                })
        name, item_number, order, points, reason = ADJUSTED
        score = Score.objects.filter(campaign=campaign, unit__name=name, criterion__content_item__number=item_number,
                                     criterion__order=order).first()
        if score is not None and score.adjusted_points is None:
            score.adjusted_points, score.adjust_reason = points, reason
            score.adjusted_by, score.adjusted_at = office, timezone.now()
            score._change_reason = reason[:100]
            score.save()
