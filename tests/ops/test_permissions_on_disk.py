"""Uploaded files, backups and restored files hold every private file and every password hash: on disk
only the portal's own user reads them (files 0600, folders 0700)."""

import os
import shutil
import stat
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from core.storage import private_storage
from dossiers import services
from dossiers.models import DocumentKind, DossierFile
from tests.factories import CampaignFactory, UnitFactory, staff_user
from tests.helpers import vn


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _folders_up_to_the_storage(path: Path) -> list[Path]:
    root = Path(private_storage().location)
    return [root, *reversed([p for p in path.parents if root in p.parents])]


@pytest.fixture(autouse=True)
def _usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.django_db
def test_an_uploaded_file_and_its_folders_are_readable_by_the_portal_only(make_pdf):
    campaign = CampaignFactory()
    unit = UnitFactory(agency=campaign.agency)
    clerk = staff_user(unit, username="vanthu.pq")
    with time_machine.travel(vn(2023, 11, 1, 9)):
        dossier = services.create_dossier(campaign=campaign, unit=unit, level="grassroots", by=clerk)
        stored = services.upload_document(
            dossier=dossier, by=clerk, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf("cv.pdf")
        )
    path = Path(stored.file.path)
    assert oct(_mode(path)) == oct(0o600)
    assert [oct(_mode(folder)) for folder in _folders_up_to_the_storage(path)] == [oct(0o700)] * len(
        _folders_up_to_the_storage(path)
    )


@pytest.mark.django_db(transaction=True)  # backup reads in its own REPEATABLE READ transaction
def test_a_backup_archive_is_readable_by_its_owner_only(tmp_path):
    target = tmp_path / "sao-luu.tar.gz"
    target.write_bytes(b"an older archive left world-readable")
    target.chmod(0o644)
    call_command("backup", str(target))
    assert oct(_mode(target)) == oct(0o600)


@pytest.mark.django_db(transaction=True)
def test_the_default_backups_folder_is_created_private(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    call_command("backup")
    folder = settings.VAR_DIR / "backups"
    assert oct(_mode(folder)) == oct(0o700)
    assert [oct(_mode(archive)) for archive in folder.iterdir()] == [oct(0o600)]


@pytest.mark.django_db(transaction=True)
def test_restored_files_and_folders_are_readable_by_the_portal_only(tmp_path):
    call_command("seed_demo", quiet=True)
    call_command("seed_demo_review", quiet=True)
    archive = tmp_path / "sao-luu.tar.gz"
    call_command("backup", str(archive))
    storage = private_storage()
    names = list(DossierFile.objects.values_list("file", flat=True))
    shutil.rmtree(storage.location)
    call_command("flush", "--noinput", verbosity=0)
    call_command("restore", str(archive))
    paths = [Path(storage.path(name)) for name in names]
    assert len(paths) == 17
    assert {oct(_mode(path)) for path in paths} == {oct(0o600)}
    assert {oct(_mode(folder)) for path in paths for folder in _folders_up_to_the_storage(path)} == {oct(0o700)}
