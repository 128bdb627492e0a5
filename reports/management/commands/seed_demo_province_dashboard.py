"""Demo data for the province dashboard: three more agencies of Tỉnh Đồng Tháp at different stages of the
province's plan 157/KH-UBND, so the steering committee's dashboard has lines to compare and sort.

Run after seed_demo, seed_demo_review, seed_demo_awards and seed_demo_province (which adds the province,
its plan and the committee's login). Idempotent: every row is keyed on its natural key; a second run
changes nothing. The people of these agencies have no password: they are figures on the dashboard, not
demo logins.

- Sở Nông nghiệp và Phát triển nông thôn: plan launched 08/05/2023, most staff acknowledged, most content
  items reported, dossiers submitted and accepted, approvals within the quota and the allocation.
- Sở Giáo dục và Đào tạo: plan launched 22/05/2023, about half acknowledged, a few items reported, one
  dossier waiting for a supplement.
- Sở Tài chính: no plan of its own under the province's plan yet.
"""

import datetime as dt

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from awards.models import Approval
from awards.province import services as province_services
from campaign.management.commands.seed_demo import CONTENT_ITEMS, F, M
from campaign.models import (
    Acknowledgement,
    Agency,
    Allocation,
    AwardLevel,
    Campaign,
    CommitteeMembership,
    ContentItem,
    ProgressReport,
    ProvincialPlan,
    StaffMember,
    Unit,
    UnitKind,
)
from core.time import start_of_day
from dossiers.models import Dossier, DossierState, Nomination, NomineeKind

PLAN_NUMBER = "157/KH-UBND"

AGENCIES = (
    {
        "code": "SNNPTNT",
        "name": "Sở Nông nghiệp và Phát triển nông thôn",
        "plan": ("61/KH-SNNPTNT", dt.date(2023, 5, 8)),
        "units": ("Văn phòng Sở", "Phòng Kế hoạch - Tài chính", "Chi cục Thủy lợi", "Chi cục Kiểm lâm"),
        "staff_per_unit": 5,
        "logins_per_unit": 4,
        "acknowledged_per_unit": 4,
        "items_per_unit": 7,
        "dossiers": (("Chi cục Thủy lợi", AwardLevel.GRASSROOTS, DossierState.ACCEPTED, 2, 2),
                     ("Chi cục Kiểm lâm", AwardLevel.GRASSROOTS, DossierState.SUBMITTED, 1, 0),
                     ("Chi cục Kiểm lâm", AwardLevel.PROVINCIAL, DossierState.ACCEPTED, 1, 1)),
        "allocation": (0, 2),
    },
    {
        "code": "SGDDT",
        "name": "Sở Giáo dục và Đào tạo",
        "plan": ("45/KH-SGDĐT", dt.date(2023, 5, 22)),
        "units": ("Văn phòng Sở", "Phòng Giáo dục Trung học", "Phòng Tổ chức cán bộ"),
        "staff_per_unit": 6,
        "logins_per_unit": 4,
        "acknowledged_per_unit": 2,
        "items_per_unit": 2,
        "dossiers": (("Phòng Giáo dục Trung học", AwardLevel.GRASSROOTS, DossierState.RETURNED, 1, 0),),
        "allocation": (1, 1),
    },
    {
        "code": "STC",
        "name": "Sở Tài chính",
        "plan": None,
        "units": ("Văn phòng Sở", "Phòng Quản lý ngân sách"),
        "staff_per_unit": 4,
        "logins_per_unit": 2,
        "acknowledged_per_unit": 0,
        "items_per_unit": 0,
        "dossiers": (),
        "allocation": None,
    },
)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ")
MIDDLE = ("Văn", "Thị", "Minh", "Thị Kim", "Quốc", "Thị Ngọc")
GIVEN = ("An", "Hạnh", "Phúc", "Tâm")  # one per unit: names stay unique within the agency


class Command(BaseCommand):
    help = "Thêm ba cơ quan mẫu của tỉnh cho bảng theo dõi cấp tỉnh (chạy sau seed_demo_province)."

    def handle(self, *args, **options):
        plan = (
            ProvincialPlan.objects.select_related("province").filter(number=PLAN_NUMBER).order_by("-year").first()
        )
        if plan is None:
            raise CommandError(
                f"Chưa có Kế hoạch {PLAN_NUMBER} của tỉnh: chạy seed_demo_province trước lệnh này."
            )
        committee = CommitteeMembership.objects.filter(province=plan.province).select_related("user").first()
        if committee is None:
            raise CommandError("Tỉnh chưa có tài khoản Ban Chỉ đạo: chạy seed_demo_province trước lệnh này.")
        with transaction.atomic():
            clerk, _ = User.objects.get_or_create(username="demo.tinh.nhaplieu", defaults={"is_active": False})
            for spec in AGENCIES:
                seed_agency(plan, spec, clerk, committee.user)
        self.stdout.write(
            f"Bảng theo dõi cấp tỉnh: {Agency.objects.filter(province=plan.province).count()} cơ quan của "
            f"{plan.province} theo {plan}. Đăng nhập tài khoản Ban Chỉ đạo tỉnh → “Bảng theo dõi cấp tỉnh” "
            "(/tinh/bang-theo-doi/)."
        )


def seed_agency(plan: ProvincialPlan, spec: dict, clerk: User, committee: User) -> Agency:
    agency, _ = Agency.objects.update_or_create(
        code=spec["code"],
        defaults={"name": spec["name"], "parent_authority": "UBND TỈNH ĐỒNG THÁP", "place_name": "Đồng Tháp",
                  "province": plan.province},
    )
    units = {}
    for order, name in enumerate(spec["units"], start=1):
        units[name], _ = Unit.objects.update_or_create(
            agency=agency, name=name, defaults={"kind": UnitKind.DIVISION, "display_order": order}
        )
    staff: dict[str, list[StaffMember]] = {}
    for u, (name, unit) in enumerate(units.items()):
        people = []
        for k in range(spec["staff_per_unit"]):
            full_name = f"{FAMILY[k]} {MIDDLE[k]} {GIVEN[u]}"
            member, _ = StaffMember.objects.update_or_create(
                full_name=full_name, unit__agency=agency,
                defaults={"unit": unit, "gender": F if "Thị" in MIDDLE[k] else M, "position": "Chuyên viên",
                          "is_leader": k == 0},
            )
            if k < spec["logins_per_unit"] and member.user_id is None:
                user, created = User.objects.get_or_create(username=f"demo.{spec['code'].lower()}.{u + 1}{k + 1}")
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                member.user = user
                member.save(update_fields=["user"])
            people.append(member)
        staff[name] = people
    if spec["plan"] is None:
        return agency
    number, launch = spec["plan"]
    campaign, _ = Campaign.objects.get_or_create(
        agency=agency, number=number, year=2023,
        defaults={
            "title": "Phát động phong trào thi đua thực hiện Quy chế dân chủ cơ sở năm 2023",
            "launch_date": launch, "emulation_end": dt.date(2023, 10, 31),
            "submission_deadline": dt.date(2023, 11, 10), "collective_quota": 2, "individual_quota": 5,
            "award_reason": "Đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023",
            "provincial_plan": plan,
        },
    )
    if campaign.provincial_plan_id != plan.pk:
        campaign.provincial_plan = plan
        campaign.save(update_fields=["provincial_plan"])
    items = [
        ContentItem.objects.get_or_create(campaign=campaign, number=n, defaults={"text": text})[0]
        for n, text in enumerate(CONTENT_ITEMS, start=1)
    ]
    at = start_of_day(launch + dt.timedelta(days=10))
    for name, people in staff.items():
        for member in [p for p in people if p.user_id][: spec["acknowledged_per_unit"]]:
            Acknowledgement.objects.get_or_create(
                campaign=campaign, staff=member, defaults={"acknowledged_at": at, "acknowledged_by": member.user}
            )
        for item in items[: spec["items_per_unit"]]:
            ProgressReport.objects.get_or_create(
                campaign=campaign, content_item=item, unit=units[name],
                defaults={"activity_date": launch + dt.timedelta(days=20), "created_by": clerk, "created_at": at,
                          "updated_by": clerk, "updated_at": at,
                          "description": "Tổ chức quán triệt, triển khai nội dung Kế hoạch trong đơn vị."},
            )
    for unit_name, level, state, nominees, approved in spec["dossiers"]:
        dossier, created = Dossier.objects.get_or_create(
            campaign=campaign, unit=units[unit_name], level=level,
            defaults={"state": state, "created_by": clerk, "submitted_at": start_of_day(dt.date(2023, 11, 6))},
        )
        if not created:
            continue
        for member in staff[unit_name][:nominees]:
            nomination = Nomination.objects.create(
                dossier=dossier, campaign=campaign, level=level, kind=NomineeKind.INDIVIDUAL, staff=member,
                snapshot_position=member.position, achievement_summary="Hoàn thành xuất sắc nhiệm vụ năm 2023.",
            )
            if approved > 0:
                approved -= 1
                Approval.objects.create(nomination=nomination, campaign=campaign, level=level, kind=nomination.kind,
                                        approved_by=clerk, approved_at=timezone.now())
    if spec["allocation"] is not None and not Allocation.objects.filter(provincial_plan=plan, agency=agency).exists():
        collectives, individuals = spec["allocation"]
        province_services.set_allocation(
            plan=plan, agency=agency, collectives=collectives, individuals=individuals, by=committee,
            reason=f"Phân bổ theo Kế hoạch số {plan.number} (dữ liệu mẫu)",
        )
    return agency
