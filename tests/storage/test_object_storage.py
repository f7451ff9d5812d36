"""Media on an S3-compatible store (moto's server on loopback, tests/storage/s3_server.py):
photos public with year-long caching, identity documents private, signed URLs that expire,
renditions made by a real worker, and the move of existing media from disk."""

import io
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from catalog.images import PhotoStatus, upload_storage
from catalog.models import ListingImage
from odop_bazaar.media_storage import PUBLIC_CACHE_CONTROL, object_storage
from sellers.storage import PrivateStorage
from tests.factories import ListingFactory, SellerFactory
from tests.sellers.factories import PDF, SellerDocumentFactory, image_bytes, jpeg_with_gps
from tests.storage.conftest import s3_client, wait_for


def http_get(url: str) -> tuple[int, dict[str, str], bytes]:
    """A plain GET, as a browser or a CDN makes it: no AWS credentials. Header names in
    lower case."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def keys(store, bucket: str) -> list[str]:
    listed = s3_client(store.endpoint_url).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def upload_photo(client, listing, content: bytes):
    return client.post(
        reverse("sellers:listing-photos", kwargs={"pk": listing.pk}),
        {"photos": [SimpleUploadedFile("photo.jpg", content)]},
        follow=True,
    )


# --- settings ------------------------------------------------------------------------------


def env_with(monkeypatch, **variables: str) -> environ.Env:
    for name in ("MEDIA_STORAGE_URL", "AWS_STORAGE_BUCKET_NAME", "MEDIA_PRIVATE_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return environ.Env()


def test_no_setting_keeps_media_on_disk(monkeypatch, settings):
    """The embedded default: nothing configured, every file on disk, private ones outside
    MEDIA_ROOT."""
    assert object_storage(env_with(monkeypatch)) is None
    assert type(storages["default"]) is FileSystemStorage
    assert isinstance(storages["private"], PrivateStorage)
    assert Path(upload_storage().location) == Path(settings.PRIVATE_MEDIA_ROOT, "uploads").resolve()


def test_media_storage_url_gives_two_buckets_a_cdn_and_its_csp_origin(monkeypatch):
    store = object_storage(
        env_with(
            monkeypatch,
            MEDIA_STORAGE_URL="s3://AKIA:s%2Fcret@s3.example.in:9000/odop-public"
            "?private_bucket=odop-private&region=ap-south-1&public_url=https://media.odop.in/m",
        )
    )
    public, private = store.storages["default"]["OPTIONS"], store.storages["private"]["OPTIONS"]

    assert store.endpoint_url == "https://s3.example.in:9000"
    assert (public["access_key"], public["secret_key"]) == ("AKIA", "s/cret")
    assert (public["bucket_name"], public["querystring_auth"]) == ("odop-public", False)
    assert public["object_parameters"]["CacheControl"] == PUBLIC_CACHE_CONTROL
    assert (public["custom_domain"], public["url_protocol"]) == ("media.odop.in/m", "https:")
    assert (private["bucket_name"], private["default_acl"]) == ("odop-private", "private")
    assert (private["querystring_auth"], private["querystring_expire"]) == (True, 60)
    assert store.storages["uploads"]["OPTIONS"]["location"] == "uploads"
    assert store.media_url == "https://media.odop.in/m/"
    assert store.csp_img_src == ["https://media.odop.in"]


def test_aws_variables_give_the_same(monkeypatch):
    store = object_storage(
        env_with(
            monkeypatch,
            AWS_STORAGE_BUCKET_NAME="odop-public",
            MEDIA_PRIVATE_BUCKET="odop-private",
            AWS_S3_REGION_NAME="ap-south-1",
        )
    )
    assert store.endpoint_url is None
    assert store.media_url == "https://odop-public.s3.ap-south-1.amazonaws.com/"
    assert store.storages["private"]["OPTIONS"]["bucket_name"] == "odop-private"


def test_public_acl_can_be_left_to_a_bucket_policy(monkeypatch):
    """AWS buckets with ACLs disabled refuse an ACL on upload: `public_acl=` sends none."""
    url = "s3:///odop-public?private_bucket=odop-private"
    default = object_storage(env_with(monkeypatch, MEDIA_STORAGE_URL=url))
    without = object_storage(env_with(monkeypatch, MEDIA_STORAGE_URL=url + "&public_acl="))

    assert default.storages["default"]["OPTIONS"]["default_acl"] == "public-read"
    assert without.storages["default"]["OPTIONS"]["default_acl"] is None
    assert without.storages["private"]["OPTIONS"]["default_acl"] == "private"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MEDIA_STORAGE_URL": "s3://k:s@host/public"}, "private_bucket"),
        ({"MEDIA_STORAGE_URL": "s3://k:s@host/same?private_bucket=same"}, "must differ"),
        ({"MEDIA_STORAGE_URL": "https://host/bucket?private_bucket=p"}, "s3://"),
        ({"AWS_STORAGE_BUCKET_NAME": "odop-public"}, "MEDIA_PRIVATE_BUCKET"),
    ],
)
def test_an_incomplete_setting_is_refused_at_start(monkeypatch, variables, message):
    """Documents must never land in the public bucket for want of a second one."""
    with pytest.raises(ImproperlyConfigured, match=message):
        object_storage(env_with(monkeypatch, **variables))


# --- public photos -------------------------------------------------------------------------


@pytest.mark.django_db
def test_photo_upload_waits_in_the_private_bucket_then_is_public_with_long_caching(
    client, object_store, django_capture_on_commit_callbacks
):
    seller = SellerFactory()
    listing = ListingFactory(seller=seller, status="draft")
    client.force_login(seller.user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload_photo(client, listing, jpeg_with_gps((900, 600)))
    image = ListingImage.all_objects.get()
    raw = f"uploads/{image.raw_name}"
    assert image.status == PhotoStatus.PROCESSING
    assert keys(object_store, object_store.private_bucket) == [raw]
    assert keys(object_store, object_store.public_bucket) == []
    assert http_get(f"{object_store.endpoint_url}/{object_store.private_bucket}/{raw}")[0] == 403

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # the worker's task, inline here (a real worker below)
    image.refresh_from_db()

    assert image.is_public
    assert image.has_renditions
    assert keys(object_store, object_store.private_bucket) == []  # raw file deleted
    assert image.card_url.startswith(object_store.media_url)
    status, headers, body = http_get(image.card_url)
    assert status == 200
    assert headers["cache-control"] == PUBLIC_CACHE_CONTROL
    assert headers["content-type"] == "image/jpeg"
    assert b"GPS" not in body
    status, headers, _ = http_get(image.image.url)
    assert (status, headers["cache-control"]) == (200, PUBLIC_CACHE_CONTROL)


def settings_under(**variables: str) -> dict:
    """What settings.py makes of these variables, read in a fresh process as at start."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'media_url': s.MEDIA_URL, 'serve_media': s.SERVE_MEDIA, "
        "'img_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "'backends': {k: v['BACKEND'] for k, v in s.STORAGES.items()}}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("MEDIA_STORAGE_URL", "CSP_IMG_SRC")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**clean, "DJANGO_SETTINGS_MODULE": "odop_bazaar.settings", **variables},
        capture_output=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return json.loads(result.stdout)


def test_settings_switch_every_storage_and_allow_the_media_origin_in_csp():
    on_disk = settings_under()
    in_store = settings_under(
        MEDIA_STORAGE_URL="s3://k:s@s3.example.in/odop-public?private_bucket=odop-private"
        "&public_url=https://media.odop.in",
        SERVE_MEDIA="1",
    )

    assert on_disk["media_url"] == "/media/"
    assert on_disk["backends"]["private"] == "sellers.storage.PrivateStorage"
    assert "https://media.odop.in" not in on_disk["img_src"]
    assert in_store["media_url"] == "https://media.odop.in/"
    assert {in_store["backends"][alias] for alias in ("default", "private", "uploads")} == {
        "storages.backends.s3.S3Storage"
    }
    assert "https://media.odop.in" in in_store["img_src"]
    assert in_store["serve_media"] is False  # nothing served from MEDIA_ROOT any more


@pytest.mark.django_db
def test_storefront_pages_show_photos_from_the_store(client, object_store):
    listing = ListingFactory(photos=1)

    response = client.get(listing.get_absolute_url())

    image = listing.images.get()
    assert image.image.url.startswith(object_store.media_url)
    assert image.image.url in response.text
    assert http_get(image.image.url)[0] == 200


# --- identity documents --------------------------------------------------------------------


@pytest.mark.django_db
def test_identity_document_is_private_and_read_only_through_the_access_check(client, object_store):
    document = SellerDocumentFactory()
    name = document.file.name
    assert keys(object_store, object_store.private_bucket) == [name]
    assert keys(object_store, object_store.public_bucket) == []

    # Unsigned, as anyone who guessed the name would ask: refused by the store.
    status, _, body = http_get(f"{object_store.endpoint_url}/{object_store.private_bucket}/{name}")
    assert status == 403
    assert PDF not in body

    # Streamed by the view to its seller, refused to anyone else.
    client.force_login(document.seller.user)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(SellerFactory().user)
    assert client.get(document.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_signed_url_of_a_private_object_expires(object_store, settings):
    document = SellerDocumentFactory()
    options = settings.STORAGES["private"]["OPTIONS"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {**options, "querystring_expire": 1},
        },
    }
    url = storages["private"].url(document.file.name)

    assert "X-Amz-Expires=1&" in url
    status, _, body = http_get(url)
    assert (status, body) == (200, PDF)
    forged = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    assert http_get(forged)[0] == 403  # the signature is checked, not just present
    time.sleep(2.1)
    status, _, body = http_get(url)
    assert status == 403
    assert b"Request has expired" in body


@pytest.mark.django_db
def test_signed_urls_are_short_lived_by_default(object_store):
    document = SellerDocumentFactory()

    url = document.file.url

    assert "X-Amz-Expires=60&" in url
    assert http_get(url)[1]["cache-control"] == "private, no-store"


# --- a real worker -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_real_worker_reads_the_private_upload_and_writes_public_renditions(
    client, celery_worker_process, object_store, tmp_path
):
    seller = SellerFactory()
    listing = ListingFactory(seller=seller, status="draft")
    client.force_login(seller.user)

    upload_photo(client, listing, image_bytes((1400, 1000)))
    image = ListingImage.all_objects.get()

    def done() -> bool:
        image.refresh_from_db()
        return image.has_renditions

    wait_for(done, worker=celery_worker_process, log=tmp_path / "worker.log")
    assert image.has_renditions, (tmp_path / "worker.log").read_text()
    assert image.is_public
    assert not image.raw_name
    assert sorted(image.renditions["webp"], key=int) == ["320", "640", "1280"]
    assert keys(object_store, object_store.private_bucket) == []  # raw upload deleted
    public = keys(object_store, object_store.public_bucket)
    assert len(public) == 1 + 2 * 3  # the clean original, WebP and JPEG at three widths
    for paths in image.renditions.values():
        for path in paths.values():
            status, headers, _ = http_get(default_storage.url(path))
            assert (status, headers["cache-control"]) == (200, PUBLIC_CACHE_CONTROL)
    assert not (tmp_path / "worker-media").exists()  # nothing written to the worker's disk
    assert not (tmp_path / "worker-private").exists()


# --- moving existing media -----------------------------------------------------------------


def media_on_disk(settings) -> dict[str, dict[str, bytes]]:
    """A few files in each folder, as an installation that ran on disk has them."""
    files = {
        "default": {
            "listings/1/abc.jpg": image_bytes((40, 30)),
            "listings/1/abc-320.webp": b"webp",
        },
        "private": {"kyc/3/0f1e.pdf": PDF},
        "uploads": {"tok.jpg": b"raw"},
    }
    roots = {
        "default": Path(settings.MEDIA_ROOT),
        "private": Path(settings.PRIVATE_MEDIA_ROOT),
        "uploads": Path(settings.PRIVATE_MEDIA_ROOT) / "uploads",
    }
    for alias, named in files.items():
        for name, content in named.items():
            FileSystemStorage(location=roots[alias])._save(name, ContentFile(content))
    return files


def move(**options) -> str:
    out = io.StringIO()
    call_command("move_media_to_store", stdout=out, **options)
    return out.getvalue()


def test_move_media_refuses_without_a_store():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="MEDIA_STORAGE_URL"):
        move()


def test_move_media_copies_every_file_to_its_bucket_once(settings, object_store):
    files = media_on_disk(settings)

    assert "default: 2 to copy, 0 already there" in move(dry_run=True)
    assert keys(object_store, object_store.public_bucket) == []  # a dry run copies nothing

    report = move()
    assert "default: 2 copied, 0 already there" in report
    assert "private: 1 copied, 0 already there" in report
    assert "uploads: 1 copied, 0 already there" in report
    assert keys(object_store, object_store.public_bucket) == sorted(files["default"])
    assert keys(object_store, object_store.private_bucket) == ["kyc/3/0f1e.pdf", "uploads/tok.jpg"]
    # Same names, so rows need no change; public files cached, private ones refused unsigned.
    status, headers, body = http_get(default_storage.url("listings/1/abc.jpg"))
    assert (status, headers["cache-control"], body) == (
        200,
        PUBLIC_CACHE_CONTROL,
        files["default"]["listings/1/abc.jpg"],
    )
    private_url = f"{object_store.endpoint_url}/{object_store.private_bucket}/kyc/3/0f1e.pdf"
    assert http_get(private_url)[0] == 403
    assert storages["private"].open("kyc/3/0f1e.pdf").read() == PDF

    report = move()  # idempotent: nothing left to copy
    assert "default: 0 copied, 2 already there" in report
    assert "private: 0 copied, 1 already there" in report


def test_move_media_resumes_after_a_failure_and_replaces_a_differing_object(
    settings, object_store, monkeypatch
):
    media_on_disk(settings)
    store = storages["default"]
    real_save, calls = store._save, []

    def fail_on_second(name, content):
        calls.append(name)
        if len(calls) == 2:
            raise ConnectionError("network down")
        return real_save(name, content)

    monkeypatch.setattr(store, "_save", fail_on_second)
    with pytest.raises(ConnectionError):
        move()
    monkeypatch.undo()
    assert len(keys(object_store, object_store.public_bucket)) == 1

    # Another object under a moved name (same size, other bytes) is replaced, not kept.
    s3_client(object_store.endpoint_url).put_object(
        Bucket=object_store.private_bucket, Key="uploads/tok.jpg", Body=b"RAW"
    )
    report = move()

    assert "default: 1 copied, 1 already there" in report
    assert "uploads: 1 copied, 0 already there" in report
    assert storages["uploads"].open("tok.jpg").read() == b"raw"


def test_document_view_reports_a_lost_object_as_not_found(client, object_store, db):
    document = SellerDocumentFactory()
    s3_client(object_store.endpoint_url).delete_object(
        Bucket=object_store.private_bucket, Key=document.file.name
    )
    client.force_login(document.seller.user)

    assert client.get(document.get_absolute_url()).status_code == 404
