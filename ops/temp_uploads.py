"""Django's temporary upload files (uploads above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk while
the request runs) live in FILE_UPLOAD_TEMP_DIR, inside the project's data folder, not in the system's
/tmp. A worker killed during an upload leaves its file behind; the next start removes such leftovers."""

import logging
import os
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

# Older than any upload still being received: a request holding a worker for an hour is long gone.
STALE_AFTER_SECONDS = 60 * 60


def prepare_temp_upload_dir(*, now: float | None = None) -> int:
    """Create FILE_UPLOAD_TEMP_DIR (0700) if needed and remove files left there for over an hour;
    return how many were removed."""
    folder = settings.FILE_UPLOAD_TEMP_DIR
    if not folder:
        return 0  # the system's temporary folder: not ours to clean
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    cutoff = (now if now is not None else time.time()) - STALE_AFTER_SECONDS
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    continue
                if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                continue  # gone meanwhile: its request ended, or another worker cleaned it
    if removed:
        logger.info("Removed %d stale temporary upload file(s) from %s", removed, folder)
    return removed
