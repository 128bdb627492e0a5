"""A web worker starts lean (issue 17, item 5): the heavy libraries are imported where they are used
(printing, spreadsheets, DOCX forms, working days, QR codes), not when Django and the URLconf load."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["weasyprint", "fontTools", "PIL", "openpyxl", "numpy", "docx", "docxtpl", "jinja2", "lxml", "holidays",
         "segno", "pyhanko"]

PROBE = """
import json, sys
import django
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in HEAVY)))
"""


def test_a_started_worker_has_not_imported_the_heavy_libraries():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": "sqlite:///:memory:"}
    done = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == [], f"imported when a worker starts: {sorted({name.split('.')[0] for name in loaded})}"
