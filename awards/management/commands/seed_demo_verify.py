"""Demo data of the Giấy khen verification (issue 14 point 2), after seed_demo, seed_demo_review and
seed_demo_awards (and seed_demo_publication). Idempotent.

- With --sign-demo: the demo's draft decision is signed as the Director would sign it (its Giấy khen then
  carry their QR codes); without it, the demo's decision is left for the Director to sign in the portal.
- For every signed decision of the demo agency: one sample later decision correcting the position of its
  first individual's certificate, labelled as sample data, so the public page shows what a correction looks
  like (the other certificates show none).
- Prints the verification link of each signed certificate (the address comes from PORTAL_PUBLIC_URL).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.issuing import services as issuing
from awards.models import AmendmentKind, AwardDecision, DecisionAmendment, DecisionState
from awards.verify.qr import verify_url
from campaign.models import Agency
from campaign.rules import can

SAMPLE_NUMBER_SERIAL = 900
SAMPLE_SUMMARY = "Đính chính chức vụ ghi trên Giấy khen (dữ liệu mẫu)"


class Command(BaseCommand):
    help = "Dữ liệu mẫu xác minh Giấy khen: một quyết định đính chính mẫu; in đường dẫn xác minh của từng Giấy khen."

    def add_arguments(self, parser):
        parser.add_argument("--sign-demo", action="store_true",
                            help="Ký quyết định mẫu còn ở dạng dự thảo (như Giám đốc ký) để Giấy khen có mã QR.")
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, sign_demo: bool = False, quiet: bool = False, **options):
        agency = Agency.objects.filter(code="SCT").first()
        if agency is None:
            raise CommandError("Chưa có dữ liệu mẫu: hãy chạy “python manage.py seed_demo” trước.")
        if sign_demo:
            self._sign_drafts(agency)
        lines = []
        with transaction.atomic():
            for decision in AwardDecision.objects.filter(agency=agency, state=DecisionState.SIGNED).order_by("pk"):
                self._sample_correction(decision)
                for award in decision.awards.order_by("order"):
                    lines.append(f"  {award.display_name}: {verify_url(award.verify_token)}")
        if not quiet:
            if lines:
                self.stdout.write("Đường dẫn xác minh Giấy khen (mã QR in trên từng Giấy khen):")
                self.stdout.write("\n".join(lines))
            else:
                self.stdout.write("Chưa có quyết định khen thưởng nào đã ký: Giám đốc ký quyết định mẫu trong cổng "
                                  "(hoặc chạy lại lệnh với --sign-demo) để Giấy khen có mã QR.")

    def _sign_drafts(self, agency: Agency) -> None:
        for decision in AwardDecision.objects.filter(agency=agency, state=DecisionState.DRAFT).order_by("pk"):
            director = next((user for user in _people(agency) if can(user, "awards.sign_awarddecision", decision)
                             and user.username == "giamdoc"), None)
            if director is None:
                raise CommandError("Không tìm thấy tài khoản Giám đốc mẫu (giamdoc) để ký quyết định mẫu.")
            issuing.sign_decision(decision=decision, by=director)

    def _sample_correction(self, decision: AwardDecision) -> None:
        individual = decision.awards.filter(staff__isnull=False).order_by("order").first()
        if individual is None or DecisionAmendment.objects.filter(decision=decision).exists():
            return
        amendment = DecisionAmendment.objects.create(
            decision=decision,
            kind=AmendmentKind.CORRECTED,
            number=f"{SAMPLE_NUMBER_SERIAL}/QĐ-{decision.agency.code}",
            decided_on=decision.signing_date + dt.timedelta(days=14),
            summary=SAMPLE_SUMMARY,
            recorded_by=decision.signed_by,
        )
        amendment.awards.set([individual])


def _people(agency: Agency):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).order_by("pk")
