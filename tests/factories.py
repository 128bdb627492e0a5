import datetime as dt

import factory
from django.contrib.auth.models import User

from campaign.models import (
    Agency,
    AwardLevel,
    Campaign,
    ContentItem,
    DossierRequirement,
    Gender,
    Membership,
    ReportKind,
    Role,
    StaffMember,
    Unit,
    UnitKind,
)
from dossiers.models import Dossier


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    name = "Sở Công Thương"
    parent_authority = "UBND TỈNH ĐỒNG THÁP"
    code = "SCT"
    place_name = "Đồng Tháp"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    number = factory.Sequence(lambda n: f"{n + 100}/KH-SCT")
    plan_date = dt.date(2023, 5, 12)
    title = "Phát động phong trào thi đua thực hiện Quy chế dân chủ cơ sở năm 2023"
    year = 2023
    launch_date = dt.date(2023, 5, 15)
    emulation_end = dt.date(2023, 10, 31)
    submission_deadline = dt.date(2023, 11, 10)
    collective_quota = 2
    individual_quota = 5
    award_reason = "Đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm 2023"

    @factory.post_generation
    def requirements(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        DossierRequirement.objects.create(campaign=self, level=AwardLevel.GRASSROOTS, report_kind=ReportKind.SUMMARY)
        DossierRequirement.objects.create(campaign=self, level=AwardLevel.PROVINCIAL, report_kind=ReportKind.FULL)


class ContentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentItem

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Nội dung {n + 1}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Phòng số {n + 1}")
    kind = UnitKind.DIVISION
    display_order = factory.Sequence(lambda n: n + 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "matkhau-thu-nghiem")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Số {n + 1}")
    gender = Gender.MALE
    position = "Chuyên viên"
    unit = factory.SubFactory(UnitFactory)


def staff_user(unit: Unit, *, username: str | None = None, **staff_fields) -> User:
    """A login for a staff member of `unit`."""
    user = UserFactory(**({"username": username} if username else {}))
    StaffMemberFactory(unit=unit, user=user, **staff_fields)
    return user


def role_user(role: str, *, username: str | None = None, agency: Agency | None = None) -> User:
    """A login holding `role` (a `Role` code) in `agency` (by default the factories' Sở Công Thương)."""
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, agency=agency or AgencyFactory(), role=role)
    return user


def office_user(**kwargs) -> User:
    return role_user(Role.OFFICE, **kwargs)


def director_user(**kwargs) -> User:
    return role_user(Role.DIRECTOR, **kwargs)


def inspector_user(**kwargs) -> User:
    return role_user(Role.INSPECTION, **kwargs)


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory, agency=factory.SelfAttribute("..campaign.agency"))
    level = AwardLevel.GRASSROOTS
    created_by = factory.SubFactory(UserFactory)


# Running the campaign (issue 6) ------------------------------------------------------------------------


class NominationFactory(factory.django.DjangoModelFactory):
    """An individual nomination in a dossier; pass kind="collective", staff=None, nominee_unit=... for a unit."""

    class Meta:
        model = "dossiers.Nomination"

    dossier = factory.SubFactory(DossierFactory)
    campaign = factory.SelfAttribute("dossier.campaign")
    level = factory.SelfAttribute("dossier.level")
    kind = "individual"
    staff = factory.SubFactory(StaffMemberFactory, unit=factory.SelfAttribute("..dossier.unit"))
    nominee_unit = None
    achievement_summary = "Hoàn thành xuất sắc nhiệm vụ."


class AcknowledgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaign.Acknowledgement"

    campaign = factory.SubFactory(CampaignFactory)
    staff = factory.SubFactory(StaffMemberFactory)
    acknowledged_at = dt.datetime(2023, 6, 1, 2, 0, tzinfo=dt.UTC)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaign.ProgressReport"

    content_item = factory.SubFactory(ContentItemFactory)
    campaign = factory.SelfAttribute("content_item.campaign")
    unit = factory.SubFactory(UnitFactory, agency=factory.SelfAttribute("..content_item.campaign.agency"))
    activity_date = dt.date(2023, 6, 1)
    description = "Tổ chức hội nghị quán triệt Kế hoạch cho toàn thể cán bộ."
    created_by = factory.SubFactory(UserFactory)
    created_at = dt.datetime(2023, 6, 1, 8, 0, tzinfo=dt.UTC)
    updated_by = factory.SelfAttribute("created_by")
    updated_at = factory.SelfAttribute("created_at")


class SupervisionReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaign.SupervisionReport"

    campaign = factory.SubFactory(CampaignFactory)
    period_start = dt.date(2023, 6, 1)
    period_end = dt.date(2023, 9, 30)
    findings = "Các phòng, đơn vị công khai quy chế chi tiêu nội bộ đúng quy định."
    recommendations = "Tiếp tục duy trì sinh hoạt chuyên đề hằng quý."
    filed_by = factory.SubFactory(UserFactory)
    filed_by_name = "Châu Văn Lợi"
    filed_at = dt.datetime(2023, 10, 2, 3, 0, tzinfo=dt.UTC)


# The province (issue 11) -------------------------------------------------------------------------------


def province_plan(agency: Agency | None = None):
    """Tỉnh Đồng Tháp and its Kế hoạch 157/KH-UBND of 27/04/2023; `agency` (if given) joins the province.
    An agency already in another province keeps it and gets that province's plan of the same number."""
    from campaign.models import Province, ProvincialPlan

    if agency is not None and agency.province_id is not None:
        province = agency.province
    else:
        province, _ = Province.objects.get_or_create(
            code="DT", defaults={"name": "Tỉnh Đồng Tháp", "place_name": "Đồng Tháp"}
        )
    plan, _ = ProvincialPlan.objects.get_or_create(
        province=province,
        number="157/KH-UBND",
        year=2023,
        defaults={
            "signing_date": dt.date(2023, 4, 27),
            "issuer": "Uỷ ban nhân dân Tỉnh Đồng Tháp",
            "title": "Thực hiện dân chủ trong hoạt động của các cơ quan hành chính nhà nước và các đơn vị sự "
            "nghiệp công lập năm 2023",
        },
    )
    if agency is not None and agency.province_id != province.pk:
        agency.province = province
        agency.save(update_fields=["province"])
    return plan


def allocate(campaign: Campaign, *, collectives: int = 0, individuals: int = 0, by: User | None = None):
    """The steering committee's allocation to the campaign's agency under the province's plan, which the
    campaign then carries out (written directly, as a fixture: the service is tested in tests/province)."""
    from django.utils import timezone

    from campaign.models import Allocation

    plan = campaign.provincial_plan or province_plan(campaign.agency)
    if campaign.provincial_plan_id != plan.pk:
        campaign.provincial_plan = plan
        campaign.save(update_fields=["provincial_plan"])
    campaign.__dict__.pop("_provincial_allocation", None)
    allocation, _ = Allocation.objects.update_or_create(
        provincial_plan=plan,
        agency=campaign.agency,
        defaults={
            "collectives": collectives,
            "individuals": individuals,
            "updated_by": by or UserFactory(username="bcd.tinh.fixture"),
            "updated_at": timezone.now(),
        },
    )
    return allocation


def committee_user(*, username: str | None = None, province=None) -> User:
    """A login of the province's steering committee (by default Tỉnh Đồng Tháp's)."""
    from campaign.models import CommitteeMembership

    user = UserFactory(**({"username": username} if username else {}))
    CommitteeMembership.objects.create(user=user, province=province or province_plan().province)
    return user


def verify_second_factor(client, user):
    """The signer's session holds a verified second factor (issue 14), as after “Nhập mã xác thực”: a confirmed
    TOTP device of the user, marked in the logged-in client's session as django-otp does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Ứng dụng xác thực", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
