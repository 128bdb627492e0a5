"""Settings for the emulation-campaign portal, read from the environment (django-environ).

Development needs nothing: SQLite under var/, DEBUG on. Production sets DJANGO_ENV=production
(or DEBUG=off), SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=env.str("DJANGO_ENV", default="development") != "production")

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY chưa được đặt. Ở chế độ production (DEBUG tắt) hãy đặt biến môi trường "
            "SECRET_KEY thành một chuỗi ngẫu nhiên dài (ví dụ: python -c \"import secrets; "
            "print(secrets.token_urlsafe(50))\")."
        )
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.admin_site.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ops.apps.AxesConfig",  # django-axes under a Vietnamese name
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "legal",
    "campaign",
    "campaign.mail",  # the outbox, mail templates and reminders (app label "mail")
    "emulation",
    "dossiers",
    "awards",
    "reports",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signer's second factor (TOTP): user.is_verified() for the session (issue 14).
    "django_otp.middleware.OTPMiddleware",
    # A password someone else chose is changed before anything else (campaign/passwords.py).
    "campaign.passwords.PasswordChangeDueMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the Vietnamese lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): five wrong passwords for one account from one address lock that
# pair out for 15 minutes; the office unlocks early in the admin ("Access attempts").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user with SQL compiled once per process (issue 17).
    "core.auth_backend.PreparedModelBackend",
    # Object permissions from the one module of access rules (campaign/rules.py, DESIGN.md R8).
    "rules.permissions.ObjectPermissionBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address is the real client's (config/client_ip.py, with django-ipware). TRUSTED_PROXY_COUNT is the
# number of reverse proxies in front of gunicorn: 0 (default) = none, REMOTE_ADDR only and X-Forwarded-For
# ignored; N = the address N hops from the right of X-Forwarded-For, so a client's own X-Forwarded-For
# is never trusted. AXES_PROXY_COUNT is the variable's former name, still read when it is not set.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT phải là số nguyên không âm (số reverse proxy phía trước)."
    )
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "config.client_ip.client_username"

# Content-Security-Policy (django-csp): only our own scripts, no inline script, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campaign.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a writer instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese interface, Vietnamese calendar days (DESIGN.md R1).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

# Uploaded dossiers are private: they live outside STATIC_ROOT, have no MEDIA_URL route, and are
# served only by views that check who may see them (DESIGN.md R8).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
MEDIA_ROOT = PRIVATE_MEDIA_ROOT

# Digital signatures (PAdES): each agency's PKCS#12 file is <PORTAL_SIGNING_DIR>/<agency code>.p12, its passphrase in
# PORTAL_SIGNING_PASSPHRASE (or PORTAL_SIGNING_PASSPHRASE_<CODE> for one agency). Never in the repository;
# `manage.py make_demo_ca` makes a clearly named demo CA there for development and tests.
PORTAL_SIGNING_DIR = env.path("PORTAL_SIGNING_DIR", default=VAR_DIR / "signing")
PORTAL_SIGNING_PASSPHRASE = env("PORTAL_SIGNING_PASSPHRASE", default="")
# The public address printed in each Giấy khen's QR code (the verification page /xac-minh/...).
PORTAL_PUBLIC_URL = env("PORTAL_PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/")
# Files are fsynced (file and folder) before the row naming them commits (core/storage.py).
STORAGES = {
    "default": {
        "BACKEND": "core.storage.DurableFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/khong-phuc-vu-truc-tiep/"},
    },
    "private": {
        "BACKEND": "core.storage.DurableFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/khong-phuc-vu-truc-tiep/"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Or, for app servers on several machines without a shared folder, an S3-compatible object store
# (django-storages; AWS S3, MinIO, Ceph, a cloud provider's object storage; config/s3.py). The bucket
# must be private: the portal's views serve every file after asking the access rules, never the store
# directly. A PUT returns once the object is stored whole, so a committed row never names a missing
# file, as with the fsynced folder.
PRIVATE_S3_BUCKET = env("PRIVATE_S3_BUCKET", default="")
if PRIVATE_S3_BUCKET:
    from config.s3 import s3_storage

    STORAGES["default"] = STORAGES["private"] = s3_storage(
        bucket=PRIVATE_S3_BUCKET, endpoint_url=env("PRIVATE_S3_ENDPOINT_URL", default=""),
        region=env("PRIVATE_S3_REGION", default=""), access_key=env("PRIVATE_S3_ACCESS_KEY_ID", default=""),
        secret_key=env("PRIVATE_S3_SECRET_ACCESS_KEY", default=""), prefix=env("PRIVATE_S3_PREFIX", default=""))
    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured("PRIVATE_S3_BUCKET được đặt nhưng thiếu thư viện django-storages[s3] "
                                   "(boto3): cài lại bằng pip install -e . rồi khởi động lại.")

UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Larger uploads are spooled here while the request runs, inside the data folder rather than /tmp; the
# folder is made (0700) and cleared of files older than an hour at each start (ops/temp_uploads.py).
FILE_UPLOAD_TEMP_DIR = str(env.path("FILE_UPLOAD_TEMP_DIR", default=VAR_DIR / "tmp-uploads"))
# Uploaded and issued files (and their folders) are readable by the portal's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cong-thi-dua@localhost")
# Where the portal is reached, for links in e-mail.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The task queue (django-tasks): mail, reminders, big print runs. Its default backend is a table in the
# portal's own database, run by `manage.py db_worker` (make run starts one beside the server).
# With TASK_BACKEND=rq the queue is Redis (REDIS_URL) through the same task API, so that workers run on
# other machines (`manage.py rqworker default mail print`).
TASK_QUEUES = ["default", "mail", "print"]
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
TASK_BACKEND = env.str("TASK_BACKEND", default="database")
if TASK_BACKEND == "rq":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
    RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in TASK_QUEUES}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
elif TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
else:
    raise ImproperlyConfigured("TASK_BACKEND phải là database (mặc định) hoặc rq (Redis ở REDIS_URL).")
# Big print runs (awards/issuing/print_jobs.py): more certificates than this go to a print job on the "print"
# queue, rendered PRINT_CHUNK_SIZE at a time in PRINT_WORK_DIR (a local temporary folder by default).
PRINT_SYNC_LIMIT = env.int("PRINT_SYNC_LIMIT", default=50)
PRINT_CHUNK_SIZE = env.int("PRINT_CHUNK_SIZE", default=50)
PRINT_WORK_DIR = env.str("PRINT_WORK_DIR", default="")

# The cache holds rate limits (the verification page). One process by default; with several app servers
# set CACHE_URL=redis://host:6379/1 so that a limit reached on one server holds on all of them. Lock-outs
# after wrong passwords (django-axes) and sessions are in the database, shared already.
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="thidua"),
        }
    }
    # Sessions read from the shared cache, written through to the database (one query less per request;
    # a logged-out session is gone from both at once, on every app server).
    SESSION_ENGINE = "core.sessions.cached_db"
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL phải là địa chỉ Redis (redis://máy:6379/số) hoặc để trống.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Django's database sessions, reading the session's row with SQL compiled once per process (issue 17).
    SESSION_ENGINE = "core.sessions.db"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Only a loopback benchmark over plain HTTP turns these off.
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
