import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import pdf_bytes


def _empty_tables_with_delete_after_transactional_tests():
    """After a transactional test (the browser tests, the concurrency tests) Django empties every table with
    `flush`: on PostgreSQL one TRUNCATE of some 130 tables, which creates and syncs new files for each table
    and index (3-4 s a test on this kind of machine). DELETE FROM each table in one transaction empties them
    in a few milliseconds. As under TRUNCATE, no row trigger fires (session_replication_role = replica, for
    the transaction only: neither the dashboard's recount triggers nor the foreign keys' checks, moot when
    every table is emptied). That needs a superuser (CI's and the docs' postgres); with another role the
    TRUNCATE stays. Only the tests' own clean-up changes: `manage.py flush` called by a test or an operator
    still truncates, and the post_migrate signal (content types, permissions, the law's data) is sent after
    the emptying as before."""
    from unittest import mock

    from django.db.backends.postgresql.operations import DatabaseOperations
    from django.test.testcases import TransactionTestCase

    truncate = DatabaseOperations.sql_flush

    def superuser(connection) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser')")
            return cursor.fetchone()[0] == "on"

    def delete_from(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables or not superuser(self.connection):
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET LOCAL session_replication_role = replica;"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables
        ]

    flush_after_test = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        with mock.patch.object(DatabaseOperations, "sql_flush", delete_from):
            flush_after_test(self)

    TransactionTestCase._fixture_teardown = _fixture_teardown


_empty_tables_with_delete_after_transactional_tests()

# The longest modules (each over a minute on a 2-core machine, measured with --durations=0), run first. pytest-xdist
# (`--dist loadfile`) hands modules to its workers in the order they are collected; when a long module comes late,
# one worker runs it alone while the other has nothing left (about a minute of the suite's 17 on a slow machine).
LONGEST_FIRST = (
    "tests/security/test_garbage_input_office.py",
    "tests/security/test_garbage_input.py",
    "tests/security/test_other_agency.py",
    "tests/awards/test_decisions.py",
    "tests/security/test_permission_matrix.py",
    "tests/security/test_admin_links.py",
    "tests/security/test_no_query_per_row.py",
    "tests/awards/test_other_agency.py",
    "tests/dossiers/test_other_agency.py",
    "tests/ops/test_restore_all_or_nothing.py",
    "tests/e2e/test_mobile.py",
)


def pytest_configure(config):
    # pytest-xdist hands out the modules sorted by their number of tests unless told not to, which puts the
    # one-test walks at the end of the queue, each running alone while the other worker idles.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: the rest keeps its order


def run_in_a_new_loop(make_coroutine):
    """`asyncio.run(make_coroutine())` in a thread of its own: a worker that has driven the browser keeps
    Playwright's event loop running in its main thread, where asyncio.run refuses to start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path):
    """Quick password hashing, uploads in a per-test private folder, and no agency certificates (the demo ones
    that `make run` leaves in var/signing would sign the PDFs of a test that does not ask for them)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    location = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "core.storage.DurableFileSystemStorage", "OPTIONS": {"location": location}},
        "default": {"BACKEND": "core.storage.DurableFileSystemStorage", "OPTIONS": {"location": location}},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_SIGNING_DIR = tmp_path / "signing"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate limits (the verification page) counted by one test never
    answer 429 in the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def make_pdf():
    def make(name: str = "cong-van.pdf", text: str = "thu nghiem") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")

    return make


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible server (moto's, in a thread of this process, HTTP on a free loopback port) for the
    tests of the private storage on an object store; its address."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


class Bucket:
    """A test's bucket seen from outside the portal, through boto3."""

    def __init__(self, client, name: str):
        self.client, self.name = client, name

    def keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def s3_storage(s3_server, settings):
    """The private storage on a new, empty bucket of that server, configured as PRIVATE_S3_BUCKET configures
    it (config/s3.py)."""
    import uuid

    import boto3

    from config.s3 import s3_storage as storage_entry

    name = f"thidua-{uuid.uuid4().hex[:16]}"
    credentials = {"access_key": "kiem-thu", "secret_key": "kiem-thu-bi-mat", "region": "us-east-1"}
    client = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id=credentials["access_key"],
                          aws_secret_access_key=credentials["secret_key"], region_name=credentials["region"])
    client.create_bucket(Bucket=name)
    entry = storage_entry(bucket=name, endpoint_url=s3_server, **credentials)
    settings.STORAGES = {**settings.STORAGES, "private": entry, "default": entry}
    return Bucket(client, name)
