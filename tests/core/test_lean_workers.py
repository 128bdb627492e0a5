"""A web worker starts lean (issue 17, item 5): the heavy libraries are imported where they are used
(printing, spreadsheets, DOCX forms, working days, QR codes), not when Django and the URLconf load; the
apps' admin modules, and the views of the sections a unit's pages do not link to (the province's, the
board's recommendations, the public verification page), with the first request that needs their URLs."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["weasyprint", "fontTools", "PIL", "openpyxl", "numpy", "docx", "docxtpl", "jinja2", "lxml", "holidays",
         "segno", "pyhanko"]
# What a worker serving only the portal's pages does not import: every app's admin module (and those the
# admin modules alone import).
ADMIN = ["awards.admin", "awards.issuing.admin", "awards.province.admin", "awards.review.admin", "awards.verify.admin",
         "campaign.admin", "campaign.mail.admin", "campaign.recommendations.admin", "dossiers.admin",
         "emulation.admin", "ops.admin", "axes.admin", "django_otp.admin", "django.contrib.auth.admin"]
# The URLconfs included on demand (config/urls.py): route, module, a name in it and the path it reverses to.
ON_DEMAND = [("tinh/", "awards.province.urls", "province:inbox", "/tinh/to-trinh/"),
             ("kien-nghi/", "campaign.recommendations.urls", "recommendations:list", "/kien-nghi/"),
             ("xac-minh/", "awards.verify.urls", "verify:certificate", "/xac-minh/abc/"),
             ("thi-dua/", "emulation.urls", "emulation:index", "/thi-dua/")]
VIEWS = ["awards.province.views", "campaign.recommendations.views", "awards.verify.views"]

START = """
import io, json, sys
import config.wsgi  # what gunicorn loads
from django.urls import get_resolver, resolve, reverse
get_resolver().url_patterns
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/dang-nhap/", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
           "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http"}
status = []
b"".join(config.wsgi.application(environ, lambda s, h, e=None: status.append(s)))
names = [reverse("login"), reverse("home"), resolve("/ho-so/").view_name, reverse("dossiers:list")]
loaded = sorted(name for name in sys.modules if name.split(".")[0] in HEAVY or name in ADMIN + VIEWS)
"""

ADMIN_LATER = """
from django.contrib import admin
from django.contrib.auth.models import User
from campaign.forms import AdminLoginForm
from dossiers.models import Dossier
changelist = reverse("admin:dossiers_dossier_changelist")
index = resolve("/quan-tri/").url_name
discovered = sorted(name for name in ADMIN if name in sys.modules)
registered = [model in admin.site._registry for model in (Dossier, User)]
login_form = admin.site.login_form is AdminLoginForm
sections = [reverse(name, args=["abc"] if name.startswith("verify") else []) for _, _, name, _ in ON_DEMAND]
views = sorted(name for name in VIEWS if name in sys.modules)
"""


def run(code: str, *names: str) -> dict:
    """Run `code` in a fresh process (as a worker starts); the values of `names` it leaves."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": "sqlite:///:memory:"}
    script = "\n".join([f"HEAVY = {HEAVY!r}", f"ADMIN = {ADMIN!r}", f"VIEWS = {VIEWS!r}",
                         f"ON_DEMAND = {ON_DEMAND!r}", code,
                         "import json", f"print(json.dumps({{name: eval(name) for name in {list(names)!r}}}))"])
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_started_worker_has_not_imported_the_heavy_libraries_nor_the_admin():
    seen = run(START, "status", "names", "loaded")
    assert seen["status"] == ["200 OK"] and seen["names"] == ["/dang-nhap/", "/", "dossiers:list", "/ho-so/"]
    assert seen["loaded"] == [], f"imported when a worker starts: {seen['loaded']}"


def test_the_admin_is_there_when_a_worker_first_needs_it():
    seen = run(START + ADMIN_LATER, "changelist", "index", "discovered", "registered", "login_form", "sections",
               "views")
    assert seen["changelist"] == "/quan-tri/dossiers/dossier/" and seen["index"] == "index"
    assert seen["discovered"] == sorted(ADMIN)
    assert seen["registered"] == [True, True] and seen["login_form"] is True
    assert seen["sections"] == [path for _, _, _, path in ON_DEMAND]
    assert seen["views"] == sorted(VIEWS)


def test_the_on_demand_includes_are_the_urlconfs_they_name():
    """Each section included on demand carries the app name its URLconf declares, under its route."""
    from importlib import import_module

    from django.urls import get_resolver

    resolvers = {str(item.pattern): item for item in get_resolver().url_patterns if hasattr(item, "urlconf_name")}
    for route, module, name, _ in ON_DEMAND:
        resolver = resolvers[route]
        assert resolver.urlconf_name == module
        assert resolver.app_name == resolver.namespace == import_module(module).app_name == name.split(":")[0]


def test_other_processes_import_the_admin_at_start():
    """manage.py, the task workers and the tests load the admin as Django does (its checks see it)."""
    seen = run("import django, sys\ndjango.setup()\ndiscovered = sorted(n for n in ADMIN if n in sys.modules)",
               "discovered")
    assert seen["discovered"] == sorted(ADMIN)
