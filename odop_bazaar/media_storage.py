"""Where media lives: on disk (the default) or in an S3-compatible object store.

Three named storages, whatever the backend:
- "default": public files with a URL (clean listing, story and return photos, their renditions);
- "private": identity documents, read only through sellers.views.document_download;
- "uploads": raw photo uploads (metadata still in them) waiting for the worker.

Zero configuration keeps all three on disk: MEDIA_ROOT, PRIVATE_MEDIA_ROOT and
PRIVATE_MEDIA_ROOT/uploads. The object store is switched on by MEDIA_STORAGE_URL,

    s3://KEY:SECRET@host:port/public-bucket?private_bucket=odop-private&region=ap-south-1
        &secure=1&public_url=https://media.example.in&signed_url_seconds=60&public_acl=public-read

(host and port left out: AWS itself; KEY:SECRET left out: boto3's own chain, an instance role
for example), or by the usual AWS_* variables: AWS_STORAGE_BUCKET_NAME (public),
MEDIA_PRIVATE_BUCKET, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_S3_CUSTOM_DOMAIN. This module reads the environment only (no
Django import): settings.py calls `object_storage(env)`.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

# Public names are never reused with other content (a photo's token, then `-<width>`), so a
# browser or a CDN may keep them for a year without asking again.
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
S3_BACKEND = "storages.backends.s3.S3Storage"


def disk_storages() -> dict[str, dict[str, Any]]:
    """The embedded default: files on disk, the private ones outside MEDIA_ROOT."""
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "sellers.storage.PrivateStorage"},
        "uploads": {"BACKEND": "catalog.images.UploadStorage"},
    }


@dataclass(frozen=True)
class ObjectStorage:
    """An S3-compatible store, read from the environment."""

    public_bucket: str
    private_bucket: str
    endpoint_url: str | None = None
    region: str | None = None
    access_key: str | None = None
    secret_key: str | None = None
    public_url: str | None = None  # a CDN in front of the public bucket, e.g. https://media.x.in
    public_acl: str | None = "public-read"  # None when a bucket policy grants public reads
    signed_url_seconds: int = 60

    def _connection(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "endpoint_url": self.endpoint_url,
            "region_name": self.region,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "signature_version": "s3v4",
            "file_overwrite": False,  # a name taken gets a suffix, never new content
        }
        if self.endpoint_url:  # MinIO, Ceph, moto: buckets as paths, not host names
            options["addressing_style"] = "path"
        return {key: value for key, value in options.items() if value is not None}

    @property
    def storages(self) -> dict[str, dict[str, Any]]:
        public: dict[str, Any] = {
            **self._connection(),
            "bucket_name": self.public_bucket,
            "default_acl": self.public_acl,
            "querystring_auth": False,  # plain, cacheable URLs
            "object_parameters": {"CacheControl": PUBLIC_CACHE_CONTROL},
        }
        # Public URLs are built from MEDIA_URL (no request to the store), so pages, CSP and
        # the CDN all agree on one origin.
        parts = urlsplit(self.media_url)
        public["custom_domain"] = f"{parts.netloc}{parts.path}".rstrip("/")
        public["url_protocol"] = f"{parts.scheme}:"
        private: dict[str, Any] = {
            **self._connection(),
            "bucket_name": self.private_bucket,
            "default_acl": "private",
            "querystring_auth": True,  # a URL, if ever made, is signed and short-lived
            "querystring_expire": self.signed_url_seconds,
            "object_parameters": {"CacheControl": "private, no-store"},
        }
        return {
            "default": {"BACKEND": S3_BACKEND, "OPTIONS": public},
            "private": {"BACKEND": S3_BACKEND, "OPTIONS": private},
            "uploads": {"BACKEND": S3_BACKEND, "OPTIONS": {**private, "location": "uploads"}},
        }

    @property
    def media_url(self) -> str:
        """Where public files are read from, with a trailing slash (MEDIA_URL)."""
        if self.public_url:  # a CDN
            return self.public_url.rstrip("/") + "/"
        if self.endpoint_url:  # path style
            return f"{self.endpoint_url.rstrip('/')}/{self.public_bucket}/"
        region = f".{self.region}" if self.region else ""
        return f"https://{self.public_bucket}.s3{region}.amazonaws.com/"

    @property
    def csp_img_src(self) -> list[str]:
        """The origin pages load photos from, for CSP img-src."""
        parts = urlsplit(self.media_url)
        return [f"{parts.scheme}://{parts.netloc}"]


def _from_url(url: str) -> ObjectStorage:
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured("MEDIA_STORAGE_URL must start with s3://")
    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    bucket = parts.path.strip("/")
    private_bucket = query.get("private_bucket", "")
    if not bucket or not private_bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL needs a public bucket (the path) and ?private_bucket=..."
        )
    if bucket == private_bucket:
        raise ImproperlyConfigured("The public and private buckets must differ.")
    endpoint = None
    if parts.hostname:
        scheme = "https" if query.get("secure", "1") not in ("0", "false") else "http"
        endpoint = f"{scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    acl = query.get("public_acl", "public-read")
    return ObjectStorage(
        public_bucket=bucket,
        private_bucket=private_bucket,
        endpoint_url=endpoint,
        region=query.get("region"),
        access_key=unquote(parts.username) if parts.username else None,
        secret_key=unquote(parts.password) if parts.password else None,
        public_url=query.get("public_url"),
        public_acl=acl or None,
        signed_url_seconds=int(query.get("signed_url_seconds", 60)),
    )


def object_storage(env: Any) -> ObjectStorage | None:
    """The object store the environment asks for, or None for files on disk."""
    url = env.str("MEDIA_STORAGE_URL", default="")
    if url:
        return _from_url(url)
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return None
    private_bucket = env.str("MEDIA_PRIVATE_BUCKET", default="")
    if not private_bucket or private_bucket == bucket:
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME needs MEDIA_PRIVATE_BUCKET, another bucket, for documents."
        )
    domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="")
    return ObjectStorage(
        public_bucket=bucket,
        private_bucket=private_bucket,
        endpoint_url=env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        region=env.str("AWS_S3_REGION_NAME", default="") or None,
        access_key=env.str("AWS_ACCESS_KEY_ID", default="") or None,
        secret_key=env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        public_url=f"https://{domain}" if domain else None,
        public_acl=env.str("MEDIA_PUBLIC_ACL", default="public-read") or None,
        signed_url_seconds=env.int("MEDIA_SIGNED_URL_SECONDS", default=60),
    )
