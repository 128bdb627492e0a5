"""A file that a person uploaded, kept with its row: what it was called, what it is, how big, its SHA-256 and who
sent it. The rows of dossier files, progress-report evidence and the board's attachments are such rows; each
declares its own `file` (where it is stored) and `uploaded_at`.

Imported by models modules only: an abstract model can be defined once Django's apps are loaded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import STORAGE_FAILED, HashingFile, store_for_row
from core.uploads import FileType, clean_file_name


class StoredUpload(models.Model):
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def store(self, upload, file_type: FileType, *, by, refused: str = STORAGE_FAILED) -> None:
        """Describe the row from `upload` (already checked: `file_type` is what check_upload found) and write the
        file, hashed in the pass that writes it, before the caller's transaction saves the row: if that
        transaction does not commit, the file goes again (core.storage.store_for_row). A failing store is
        refused with `refused` and nothing is kept."""
        self.original_name = clean_file_name(upload.name)
        self.content_type = file_type.content_type
        self.size = upload.size
        self.uploaded_by = by
        content = HashingFile(upload)
        store_for_row(self.file, self.original_name, content, refused=refused)
        self.sha256 = content.hexdigest()
