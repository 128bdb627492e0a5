"""Production configuration: refuses to start without a key, and passes `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_stops_with_a_clear_message():
    result = _manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY chưa được đặt" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="k" * 20 + "-production-like-key-for-the-test-only-0123456789",
        ALLOWED_HOSTS="thidua.example.gov.vn",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


SHOW = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.TASKS['default']['BACKEND'])"


def test_several_app_servers_share_the_cache_and_the_sessions_through_redis():
    alone = _manage("shell", "-v", "0", "-c", SHOW)
    assert alone.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache",
                                    "core.sessions.db", "django_tasks_db.DatabaseBackend"]
    shared = _manage("shell", "-v", "0", "-c", SHOW, CACHE_URL="redis://127.0.0.1:6379/11", TASK_BACKEND="rq")
    assert shared.stdout.split() == ["django.core.cache.backends.redis.RedisCache",
                                     "core.sessions.cached_db", "django_tasks_rq.RQBackend"]


def test_a_wrong_cache_or_queue_setting_stops_with_a_clear_message():
    cache = _manage("check", CACHE_URL="memcached://127.0.0.1:11211")
    assert cache.returncode != 0 and "CACHE_URL phải là địa chỉ Redis" in cache.stderr
    queue = _manage("check", TASK_BACKEND="celery")
    assert queue.returncode != 0 and "TASK_BACKEND phải là database (mặc định) hoặc rq" in queue.stderr


def test_an_s3_bucket_moves_the_private_files_to_the_object_store():
    show = ("from django.conf import settings as s; p, d = s.STORAGES['private'], s.STORAGES['default']; "
            "o = p['OPTIONS']; print(p['BACKEND'], p == d, o['bucket_name'], o['endpoint_url'], o['addressing_style'], "
            "o['location'], o['querystring_auth'], o['file_overwrite'])")
    on_disk = _manage("shell", "-v", "0", "-c", "from django.conf import settings as s; "
                      "print(s.STORAGES['private']['BACKEND'])")
    assert on_disk.stdout.split() == ["core.storage.DurableFileSystemStorage"]
    in_bucket = _manage("shell", "-v", "0", "-c", show, PRIVATE_S3_BUCKET="thidua-dongthap",
                        PRIVATE_S3_ENDPOINT_URL="http://minio.internal:9000", PRIVATE_S3_PREFIX="/cong-thong-tin/")
    assert in_bucket.stdout.split() == ["storages.backends.s3.S3Storage", "True", "thidua-dongthap",
                                        "http://minio.internal:9000", "path", "cong-thong-tin", "False", "False"]
