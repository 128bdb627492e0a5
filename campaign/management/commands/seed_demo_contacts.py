"""Demo contact details for the portal's footer (issue 15): each demo agency's address and telephone, marked as
sample data (the office's e-mail is left to the mail seeds). Only blank fields are filled, so a real agency's details (and anything
typed in the admin) are never overwritten; running it again changes nothing."""

from django.core.management.base import BaseCommand

from campaign.models import Agency

CONTACTS = {
    "SCT": {
        "address": "Địa chỉ mẫu: Số 1 đường Mẫu, Phường 1, thành phố Cao Lãnh, tỉnh Đồng Tháp",
        "phone": "0277 0000 001 (số mẫu)",
    },
    "SYT": {
        "address": "Địa chỉ mẫu: Số 2 đường Mẫu, Phường 1, thành phố Cao Lãnh, tỉnh Đồng Tháp",
        "phone": "0277 0000 002 (số mẫu)",
    },
}


class Command(BaseCommand):
    help = "Điền địa chỉ, điện thoại, thư điện tử mẫu (chân trang của cổng) cho các cơ quan mẫu còn để trống."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet=False, **options):
        filled = 0
        for agency in Agency.objects.filter(code__in=CONTACTS):
            changed = [field for field, value in CONTACTS[agency.code].items() if not getattr(agency, field)]
            for field in changed:
                setattr(agency, field, CONTACTS[agency.code][field])
            if changed:
                agency.save(update_fields=changed)
                filled += 1
        if not quiet:
            self.stdout.write(f"Đã điền thông tin liên hệ mẫu cho {filled} cơ quan.")
