from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.archive import ArchiveError, backup


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
            # The archive holds every password hash and every private file: only the owner enters.
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = str(folder / f"thidua-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        try:
            summary = backup(path)
        except ArchiveError as error:
            raise CommandError(error.message) from None
        except OSError as error:
            raise CommandError(f"Không ghi được tệp sao lưu {path}: {error}") from None
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu {summary.rows} bản ghi và {summary.files} tệp ({summary.bytes:,} byte) vào {path}"
        ))
