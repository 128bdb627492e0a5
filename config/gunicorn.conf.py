"""gunicorn settings of the portal's app servers (README, "Production"):

    .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi --workers 3 --bind 127.0.0.1:8001

bench/deadline_burst.py starts the portal and its bare-Django anchor with this same file.

glibc's malloc, fixed at its default thresholds. A request body is read in chunks and an upload of up to
2.5 MB is kept in memory while its request runs (FILE_UPLOAD_MAX_MEMORY_SIZE), so a worker allocates and frees
buffers of a few megabytes. glibc serves a block of 128 KiB or more with its own mmap, but by default, when such
a block is freed, it raises that threshold to the block's size and its heap-trim threshold to twice that: the
next 2 MB buffers come from the heap, and up to 4 MB of free heap top is no longer given back. Measured in the
deadline burst (4 workers, 50 clients, 2 MB files): in about half of the rounds one worker ended 4.3 MB larger
(heap top 4.3 MB free), the others not. Setting the thresholds (to glibc's own defaults) switches that
adjustment off: every block of 128 KiB or more is unmapped when freed and the heap's free top above 128 KiB is
trimmed. It is set in the master and inherited by each forked worker. Without glibc (musl, macOS) nothing
changes.
"""

import ctypes
import ctypes.util

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3


def _fixed_malloc_thresholds() -> None:
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    mallopt(M_TRIM_THRESHOLD, 128 * 1024)


_fixed_malloc_thresholds()
