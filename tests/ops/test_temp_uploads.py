"""Django's temporary upload files stay inside the data folder and are cleared at start (issue 12,
point 8)."""

import os
import stat
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings as project_settings
from django.core.files.uploadedfile import TemporaryUploadedFile

from config import settings as config


def _start():
    """What each process start does."""
    apps.get_app_config("ops").ready()


def test_temporary_uploads_are_kept_in_the_data_folder_by_default():
    assert Path(config.FILE_UPLOAD_TEMP_DIR) == config.VAR_DIR / "tmp-uploads"


def test_django_spools_large_uploads_into_that_folder(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp-uploads")
    _start()

    upload = TemporaryUploadedFile("lon.pdf", "application/pdf", 3 * 1024 * 1024, "utf-8")
    try:
        assert Path(upload.temporary_file_path()).parent == tmp_path / "tmp-uploads"
    finally:
        upload.close()


def test_the_start_creates_the_folder_readable_by_its_owner_only(settings, tmp_path):
    folder = tmp_path / "var" / "tmp-uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)

    _start()

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_start_removes_a_stale_temporary_upload_and_keeps_a_fresh_one(settings, tmp_path):
    folder = tmp_path / "tmp-uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    stale = folder / "tmpab12cd.upload.pdf"  # left by a worker killed during an upload, two hours ago
    stale.write_bytes(b"%PDF-1.4 half")
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(stale, (two_hours_ago, two_hours_ago))
    fresh = folder / "tmpef34gh.upload.pdf"  # another worker's upload, arriving now
    fresh.write_bytes(b"%PDF-1.4 arriving")

    _start()

    assert sorted(p.name for p in folder.iterdir()) == ["tmpef34gh.upload.pdf"]


def test_the_settings_in_use_point_at_a_folder_that_exists():
    assert Path(project_settings.FILE_UPLOAD_TEMP_DIR).is_dir()
