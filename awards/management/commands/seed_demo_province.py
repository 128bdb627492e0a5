"""Demo data of the province (issue 11): Tỉnh Đồng Tháp, its plan 157/KH-UBND of 27/04/2023, the steering
committee's login, allocations for the demo agencies, and Sở Y tế's signed Tờ trình waiting in the
committee's inbox.

Sở Công Thương's 2023 plan (the seed) carries no registered number or date, so no Tờ trình citing it can be
signed; Sở Y tế's own 2023 plan (38/KH-SYT of 20/05/2023, its texts copied from the seed plan) is carried to
the end here: a provincial dossier of Phòng Nghiệp vụ Y, the council's vote, approval within the allocation,
publication, the Tờ trình 21/TTr-SYT signed by the Director and sent by the office.

Runs after `seed_demo`, `seed_demo_review` and `seed_demo_awards`. Every step goes through the services,
at the 2023 dates it really happened; idempotent: each step is skipped when its result is already there.
"""

from datetime import date

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.issuing import services as issuing
from awards.management.commands.seed_demo_awards import at, demo_file
from awards.models import Approval, CouncilMeeting, ProvincialProposal, Publication, SendingState, Vote
from awards.province import services as province
from awards.review import council
from awards.review import services as review
from campaign.management.commands.seed_demo import AWARD_REASON, CAMPAIGN_2023, DEMO_PASSWORD, PLAN_TEXTS
from campaign.models import (
    Agency,
    Allocation,
    AwardLevel,
    Campaign,
    CommitteeMembership,
    ContentItem,
    DossierRequirement,
    LegalBasis,
    Province,
    ProvincialPlan,
    StaffMember,
    Unit,
)
from core.time import vn_date
from dossiers import services as dossier_services
from dossiers.models import LIVE_STATES, DocumentKind, Dossier, DossierFile, DossierState, NomineeKind

PROVINCIAL = AwardLevel.PROVINCIAL
PROVINCE = {"code": "DT", "name": "Tỉnh Đồng Tháp", "place_name": "Đồng Tháp"}
PLAN = {
    "number": "157/KH-UBND",
    "year": 2023,
    "signing_date": date(2023, 4, 27),
    "issuer": "Uỷ ban nhân dân Tỉnh Đồng Tháp",
    # As the seed plan cites it: “… về thực hiện dân chủ trong hoạt động của các cơ quan hành chính …”.
    "title": "Thực hiện dân chủ trong hoạt động của các cơ quan hành chính nhà nước và các đơn vị sự nghiệp "
    "công lập năm 2023",
}
COMMITTEE_LOGIN = ("bcd.tinh", "Văn phòng thường trực", "Ban Chỉ đạo QCDC tỉnh")
# Provincial places per agency code: (collectives, individuals).
ALLOCATIONS = {"SCT": (1, 2), "SYT": (1, 2)}
ALLOCATION_REASON = "Phân bổ theo Kế hoạch số 157/KH-UBND ngày 27/04/2023 của UBND tỉnh"
# The seed plan's preamble cited the provincial plan in its own words; the page now prints it from the data.
OLD_OPENING = "Thực hiện Kế hoạch số 157/KH-UBND ngày 27/04/2023 của Uỷ ban nhân dân Tỉnh Đồng Tháp về thực hiện dân chủ trong hoạt động của các cơ quan hành chính nhà nước và các đơn vị sự nghiệp công lập năm 2023 và "
NEW_OPENING = "Thực hiện "

# Sở Y tế's 2023 plan, carried out to the Tờ trình (its texts are the seed plan's).
SYT_2023 = {
    "number": "38/KH-SYT",
    "year": 2023,
    "plan_date": date(2023, 5, 20),
    "title": "Phát động phong trào thi đua thực hiện Quy chế dân chủ cơ sở năm 2023",
    "preamble": "Thực hiện Kế hoạch số 77-KH/BDVTU ngày 05/5/2023 của Ban Dân vận Tỉnh uỷ phát động phong trào "
    "thi đua thực hiện quy chế dân chủ ở cơ sở năm 2023.\n\nSở Y tế xây dựng kế hoạch thực hiện quy chế dân "
    "chủ cơ sở năm 2023, như sau:",
    "launch_date": date(2023, 5, 22),
    "emulation_end": date(2023, 10, 31),
    "submission_deadline": date(2023, 11, 10),
    "collective_quota": 1,
    "individual_quota": 3,
    "signer_name": "Lê Văn Thắng",
    "award_fund_source": "Quỹ thi đua, khen thưởng của Sở Y tế",
    "recipients": "Ban Dân vận Tỉnh ủy;\nSở Nội vụ;\nCác phòng, đơn vị thuộc Sở;\nLưu: VT, VP.",
}
# The provincial-level dossier: the unit and its clerk, the collective's and the individuals' achievements
# (a full report each, as the plan requires at provincial level).
PROVINCIAL_DOSSIER = (
    "Phòng Nghiệp vụ Y",
    "donvi.syt",
    "Tập thể tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở: công khai quy trình cấp chứng chỉ hành nghề, "
    "tổ chức đối thoại định kỳ với các cơ sở khám bệnh, chữa bệnh, không có đơn thư khiếu nại.",
    (
        ("Phạm Minh Khang", "Lãnh đạo phòng hoàn thành xuất sắc nhiệm vụ; chủ trì rút ngắn thời gian cấp chứng chỉ "
         "hành nghề từ 30 xuống 20 ngày, công khai kết quả trên cổng thông tin của Sở."),
        ("Võ Thị Thanh Hương", "Tham mưu tổ chức 06 hội nghị đối thoại với người lao động; tích cực góp ý xây dựng "
         "quy chế dân chủ của cơ quan."),
    ),
)
PROPOSAL = {"number": "21/TTr-SYT", "signing_date": date(2023, 11, 24)}
STATE_WORDS = {
    SendingState.NOT_SENT: "chưa gửi", SendingState.SENT: "đã gửi, chờ Ban Chỉ đạo xem xét",
    SendingState.RETURNED: "Ban Chỉ đạo đã trả lại", SendingState.ACCEPTED: "Ban Chỉ đạo đã tiếp nhận",
}


class Command(BaseCommand):
    help = (
        "Dữ liệu mẫu cấp tỉnh: Tỉnh Đồng Tháp, Kế hoạch 157/KH-UBND, tài khoản Ban Chỉ đạo (bcd.tinh), phân bổ "
        "chỉ tiêu cho các cơ quan mẫu và Tờ trình đã ký của Sở Công Thương chờ Ban Chỉ đạo xem xét."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        agencies = {a.code: a for a in Agency.objects.filter(code__in=ALLOCATIONS)}
        users = {u.username: u for u in User.objects.filter(username__in=["vanphong.syt", "giamdoc.syt", "donvi.syt"])}
        sct_2023 = Campaign.objects.filter(
            agency__code="SCT", number=CAMPAIGN_2023["number"], year=CAMPAIGN_2023["year"]
        ).first()
        if set(agencies) != set(ALLOCATIONS) or sct_2023 is None or len(users) < 3:
            raise CommandError("Chưa có dữ liệu mẫu: hãy chạy “seed_demo”, “seed_demo_review”, “seed_demo_awards” trước.")
        with transaction.atomic():
            campaign = self.seed_syt_2023(agencies["SYT"], sct_2023)
            plan = self.seed_province(agencies.values())
            committee = self.seed_committee(plan.province)
            for code, (collectives, individuals) in ALLOCATIONS.items():
                if code in agencies and not Allocation.objects.filter(provincial_plan=plan, agency=agencies[code]).exists():
                    province.set_allocation(plan=plan, agency=agencies[code], collectives=collectives,
                                            individuals=individuals, reason=ALLOCATION_REASON, by=committee,
                                            now=at(2023, 6, 5, 9))
            campaign = Campaign.objects.get(pk=campaign.pk)
            proposal = self.seed_proposal(campaign, users)
        if not quiet:
            self.print_summary(plan, proposal)

    def seed_province(self, agencies) -> ProvincialPlan:
        province, _ = Province.objects.update_or_create(code=PROVINCE["code"], defaults=PROVINCE)
        plan = ProvincialPlan.objects.filter(province=province, number=PLAN["number"], year=PLAN["year"]).first()
        if plan is None:
            plan = ProvincialPlan(province=province, **PLAN)
            plan._change_reason = "Dữ liệu mẫu"
            plan.save()
        for agency in agencies:
            if agency.province_id != province.pk:
                agency.province = province
                agency.save(update_fields=["province"])
            for campaign in Campaign.objects.filter(agency=agency, provincial_plan__isnull=True):
                campaign.provincial_plan = plan
                if campaign.preamble.startswith(OLD_OPENING):
                    campaign.preamble = NEW_OPENING + campaign.preamble[len(OLD_OPENING):]
                campaign._change_reason = "Gắn với Kế hoạch số 157/KH-UBND của tỉnh"
                campaign.save()
        return plan

    def seed_syt_2023(self, agency: Agency, source: Campaign) -> Campaign:
        """Sở Y tế's 2023 plan, its content copied once from the seed plan of Sở Công Thương."""
        fields = dict(SYT_2023)
        key = {"agency": agency, "number": fields.pop("number"), "year": fields.pop("year")}
        campaign, created = Campaign.objects.get_or_create(
            **key, defaults={**PLAN_TEXTS, **fields, "award_reason": AWARD_REASON.format(year=2023)}
        )
        if created:
            ContentItem.objects.bulk_create(
                ContentItem(campaign=campaign, number=item.number, text=item.text)
                for item in source.content_items.order_by("number")
            )
            DossierRequirement.objects.bulk_create(
                DossierRequirement(
                    campaign=campaign, level=req.level, requires_proposal_letter=req.requires_proposal_letter,
                    requires_meeting_minutes=req.requires_meeting_minutes,
                    requires_achievement_report=req.requires_achievement_report, report_kind=req.report_kind,
                )
                for req in source.dossier_requirements.all()
            )
            LegalBasis.objects.bulk_create(
                LegalBasis(campaign=campaign, order=basis.order, text=basis.text) for basis in source.legal_bases.all()
            )
        return campaign

    def seed_committee(self, province_row: Province) -> User:
        username, first_name, last_name = COMMITTEE_LOGIN
        user, created = User.objects.update_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        if not user.email:  # a demo address: the committee's mails land in the outbox
            user.email = f"{username}@dongthap.gov.vn"
            user.save(update_fields=["email"])
        if created:  # never reset a password someone has changed
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        CommitteeMembership.objects.get_or_create(user=user, defaults={"province": province_row})
        return user

    def seed_proposal(self, campaign: Campaign, users: dict) -> ProvincialProposal:
        office, director = users["vanphong.syt"], users["giamdoc.syt"]
        proposal = ProvincialProposal.objects.filter(campaign=campaign).first()
        if proposal is None:
            nominations = self.seed_dossier(campaign, users["donvi.syt"], office)
            self.seed_review(campaign, office, nominations)
            proposal = issuing.create_proposal(campaign=campaign, by=office, now=at(2023, 11, 24, 8), **PROPOSAL)
        if not proposal.is_signed:
            proposal = issuing.sign_proposal(proposal=proposal, by=director, now=at(2023, 11, 24, 15))
        if proposal.sending_state == SendingState.NOT_SENT:
            proposal = province.send(proposal=proposal, by=office, now=at(2023, 11, 27, 9))
        return proposal

    def seed_dossier(self, campaign: Campaign, clerk: User, office: User) -> list:
        unit_name, _, collective_text, people = PROVINCIAL_DOSSIER
        unit = Unit.objects.get(agency=campaign.agency, name=unit_name)
        dossier = Dossier.objects.filter(campaign=campaign, unit=unit, level=PROVINCIAL, state__in=LIVE_STATES).first()
        if dossier is None:
            dossier = dossier_services.create_dossier(
                campaign=campaign, unit=unit, level=PROVINCIAL, by=clerk, now=at(2023, 11, 3, 10)
            )
            for kind, title, name in (
                (DocumentKind.PROPOSAL_LETTER, "CÔNG VĂN ĐỀ NGHỊ KHEN THƯỞNG CẤP TỈNH", "cong-van-de-nghi-cap-tinh.pdf"),
                (DocumentKind.MEETING_MINUTES, "BIÊN BẢN HỌP XÉT ĐỀ NGHỊ KHEN THƯỞNG CẤP TỈNH", "bien-ban-hop-xet.pdf"),
            ):
                dossier_services.upload_document(dossier=dossier, by=clerk, kind=kind,
                                                 upload=demo_file(title, unit.name, name))
            dossier_services.add_nomination(
                dossier=dossier, by=clerk, kind=NomineeKind.COLLECTIVE, achievement_summary=collective_text,
                report=demo_file(f"BÁO CÁO THÀNH TÍCH – {unit.name}", unit.name, "bao-cao-thanh-tich-tap-the.pdf"),
                now=at(2023, 11, 3, 10, 30),
            )
            for full_name, text in people:
                staff = StaffMember.objects.get(full_name=full_name, unit=unit)
                dossier_services.add_nomination(
                    dossier=dossier, by=clerk, kind=NomineeKind.INDIVIDUAL, staff=staff, achievement_summary=text,
                    report=demo_file(f"BÁO CÁO THÀNH TÍCH – {full_name}", unit.name, "bao-cao-thanh-tich.pdf"),
                    now=at(2023, 11, 3, 10, 30),
                )
            DossierFile.objects.filter(dossier=dossier).update(uploaded_at=at(2023, 11, 3, 10, 45))
            dossier_services.submit_dossier(dossier=dossier, by=clerk, now=at(2023, 11, 6, 11))
        if dossier.state != DossierState.ACCEPTED:
            dossier_services.accept_dossier(dossier=dossier, by=office, now=at(2023, 11, 13, 8, 30))
        return list(dossier.nominations.filter(is_live=True).order_by("kind", "pk"))

    def seed_review(self, campaign: Campaign, office: User, nominations: list) -> None:
        members = list(council.council_members(campaign))
        meeting = CouncilMeeting.objects.filter(campaign=campaign, level=PROVINCIAL).order_by("held_on").first()
        if meeting is None:
            meeting = review.create_meeting(campaign=campaign, level=PROVINCIAL, held_on=date(2023, 11, 13),
                                            present=members, by=office, now=at(2023, 11, 13, 16))
        for nomination in nominations:
            if not Vote.objects.filter(meeting=meeting, nomination=nomination).exists():
                review.record_votes(meeting=meeting, nomination=nomination, votes={m.pk: "agree" for m in members},
                                    by=office, now=at(2023, 11, 13, 16, 30))
        if not Publication.objects.filter(campaign=campaign, level=PROVINCIAL).exists():
            for nomination in nominations:
                if not Approval.objects.filter(nomination=nomination).exists():
                    review.approve_nomination(nomination=nomination, by=office, now=at(2023, 11, 13, 17))
            review.publish_list(campaign=campaign, level=PROVINCIAL, working_days=5, by=office,
                                now=at(2023, 11, 14, 8), note="Danh sách đề nghị khen thưởng cấp tỉnh.")

    def print_summary(self, plan: ProvincialPlan, proposal: ProvincialProposal) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"{plan.province.name}: {plan}."))
        for allocation in Allocation.objects.filter(provincial_plan=plan).select_related("agency"):
            out.write(f"- Phân bổ {allocation.agency.name}: {allocation.collectives} tập thể, "
                      f"{allocation.individuals} cá nhân.")
        out.write(f"- Tờ trình {proposal.number} ngày {vn_date(proposal.signing_date)} của {proposal.agency.name}: "
                  f"{STATE_WORDS[proposal.sending_state]}.")
        out.write(f"Đăng nhập {COMMITTEE_LOGIN[0]} / {DEMO_PASSWORD} → “Tờ trình các cơ quan”.")
