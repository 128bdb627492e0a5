from django.core.management.base import BaseCommand
from django.utils import timezone

from ops.archive import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và toàn bộ tệp đã tải lên vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="Tệp sao lưu (mặc định: var/backups/thidua-YYYYmmdd-HHMMSS.tar.gz)"
        )

    def handle(self, *args, path=None, **options):
        if not path:
            from django.conf import settings

            folder = settings.VAR_DIR / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            path = str(folder / f"thidua-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        summary = backup(path)
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu {summary.rows} bản ghi và {summary.files} tệp ({summary.bytes:,} byte) vào {path}"
        ))
