"""gunicorn settings of the portal's app servers (README, "Production"):

    .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi --workers 3 --bind 127.0.0.1:8001

The master loads the portal once (preload_app): Django's set-up and the URLconf with every view it imports
(config/prefork.py). It then freezes those objects out of the garbage collector's reach and forks the
workers, which share those pages with the master instead of each loading its own copy. A worker's own memory
(USS) drops from ≈ 56 to ≈ 32 MiB after the deadline burst (bench/deadline_burst.py prints RSS, PSS and
USS). Nothing in the master opens a database or cache connection; each worker opens its own on its first
request.

A changed code base needs a restart of the master (systemctl restart), not a HUP: the workers are forks of
the code the master loaded. Options given on the command line override these.
"""

import gc

preload_app = True
# Mail and print runs above 50 certificates go to the task queue; a request may still render up to 50
# certificates and sign them (≈ 1 s on a fast machine, a few seconds on a loaded 2-core one). Twice
# gunicorn's default 30 s leaves room for that under load, and a stuck worker is still replaced within a
# minute. (The reverse proxy buffers uploads, so a slow client's 20 MB does not hold a worker.)
timeout = 60


def when_ready(server):
    """In the master, after the application was loaded and before the first fork."""
    from config.prefork import warm_up

    loaded = warm_up()
    gc.collect()
    gc.freeze()
    if loaded:
        server.log.info("Cổng thông tin đã nạp sẵn trước khi tạo worker: %d mẫu URL gốc, %d đối tượng đóng băng",
                        loaded["url_patterns"], gc.get_freeze_count())
