import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import pdf_bytes


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path):
    """Quick password hashing, and uploads in a per-test private folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    location = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "core.storage.DurableFileSystemStorage", "OPTIONS": {"location": location}},
        "default": {"BACKEND": "core.storage.DurableFileSystemStorage", "OPTIONS": {"location": location}},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


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
