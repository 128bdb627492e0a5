"""The private storage on an S3-compatible object store (config/settings.py, PRIVATE_S3_*), in one place
for the settings and the tests that run it against a real S3 server."""


def s3_storage(*, bucket: str, endpoint_url: str | None = None, region: str | None = None,
               access_key: str | None = None, secret_key: str | None = None, prefix: str = "") -> dict:
    """A STORAGES entry for django-storages' S3Storage. Credentials left empty fall back to boto3's own chain
    (AWS_* variables, an instance role, ~/.aws)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,  # empty: AWS itself
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "location": prefix.strip("/"),
            "addressing_style": "path" if endpoint_url else None,  # MinIO and most self-hosted stores
            "file_overwrite": False,  # a second upload of the same name gets a new name, as on disk
            "default_acl": None,  # the bucket's own policy: private
            # The portal serves every file through its views; an address made by url() is unsigned, and a
            # private bucket refuses it.
            "querystring_auth": False,
        },
    }
