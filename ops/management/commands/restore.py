from django.core.management.base import BaseCommand, CommandError

from ops.archive import ArchiveError, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp từ một bản sao lưu (tạo bởi lệnh backup), sau khi đã migrate."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp sao lưu .tar.gz")
        parser.add_argument("--force", action="store_true", help="Xoá dữ liệu hiện có rồi khôi phục.")

    def handle(self, *args, path, force=False, **options):
        try:
            summary = restore(path, force=force)
        except ArchiveError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục {summary.rows} bản ghi và {summary.files} tệp ({summary.bytes:,} byte); "
            "số bản ghi và mã SHA-256 của từng tệp đã được kiểm tra."
        ))
