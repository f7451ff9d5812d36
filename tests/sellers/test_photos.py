"""The photo pipeline: content checks, EXIF stripped, renditions once, by a real worker too."""

import io
import time
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from catalog import images as catalog_images
from catalog import services
from catalog import tasks as catalog_tasks
from catalog.models import ListingImage
from tests.factories import ListingFactory, SellerFactory
from tests.sellers.factories import image_bytes, jpeg_with_gps
from tests.test_page_cache import page_cache  # noqa: F401 - the fixture
from tests.workers import require_broker_and_postgres, start_worker, stop_worker, worker_env

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(client):
    seller = SellerFactory()
    client.force_login(seller.user)
    return ListingFactory(seller=seller, status="draft")


def upload(client, listing, *files):
    return client.post(
        reverse("sellers:listing-photos", kwargs={"pk": listing.pk}),
        {"photos": list(files)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "photo.jpg",
            b"This is a text file with a .jpg name.\n" * 10,
            "This file is not a JPEG, PNG or WebP photo.",
        ),
        ("photo.gif", image_bytes((40, 40), "GIF"), "This file is not a JPEG, PNG or WebP photo."),
        (
            "huge.png",
            image_bytes((8000, 6250), "PNG", mode="1"),
            "The photo has more than 40 megapixels.",
        ),
        (
            "bomb.png",
            image_bytes((20000, 20000), "PNG", mode="1"),
            "The photo has more than 40 megapixels.",
        ),
        ("big.jpg", b"\xff\xd8\xff" + b"\0" * (20 * 1024 * 1024), "is larger than 10 MB"),
    ],
    ids=["text-renamed-jpg", "gif", "50-megapixel-png", "400-megapixel-bomb", "20-mb-upload"],
)
def test_bad_uploads_are_refused_with_a_clear_message_and_nothing_stored(
    client, listing, name, content, message
):
    response = upload(client, listing, SimpleUploadedFile(name, content))

    assert message in response.text
    assert ListingImage.objects.count() == 0
    assert not Path(settings.MEDIA_ROOT, "listings").exists()


def test_fifty_megapixels_are_refused_without_decoding_the_pixels():
    data = image_bytes((8000, 6250), "PNG", mode="1")

    with (
        mock.patch.object(Image.Image, "load", side_effect=AssertionError("decoded")),
        pytest.raises(catalog_images.InvalidImage, match="40 megapixels"),
    ):
        catalog_images.clean_upload(data)


def test_gps_exif_is_stripped_and_orientation_applied(
    client, listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the worker cleans it after commit
        upload(
            client,
            listing,
            SimpleUploadedFile("phone.jpg", jpeg_with_gps((600, 400), orientation=6)),
        )

    image = ListingImage.objects.get()
    with default_storage.open(image.image.name, "rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert stored.format == "JPEG"
    assert stored.size == (400, 600)  # rotated upright
    assert (image.width, image.height) == (400, 600)
    assert dict(stored.getexif()) == {}
    assert b"PhoneMaker" not in default_storage.open(image.image.name).read()


def test_renditions_are_made_once_as_webp_and_jpeg(
    client, listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, listing, SimpleUploadedFile("wide.jpg", image_bytes((1600, 1200))))
    image = ListingImage.objects.get()
    first = image.renditions
    files_after_first = sorted(
        p.name for p in Path(settings.MEDIA_ROOT, "listings", str(listing.pk)).iterdir()
    )

    catalog_tasks.make_listing_image_renditions(image.pk)  # a repeat delivery
    image.refresh_from_db()

    assert sorted(first) == ["jpeg", "webp"]
    assert sorted(first["webp"], key=int) == ["320", "640", "1280"]
    assert image.renditions == first
    assert (
        sorted(p.name for p in Path(settings.MEDIA_ROOT, "listings", str(listing.pk)).iterdir())
        == files_after_first
    )
    assert len(files_after_first) == 7  # the original and 3 widths × 2 formats
    with default_storage.open(first["webp"]["640"], "rb") as handle:
        assert Image.open(handle).size == (640, 480)


def test_small_photo_is_not_upscaled(listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_listing_photos(
            listing=listing,
            by=listing.seller.user,
            photos=[catalog_images.clean_upload(image_bytes((500, 300)))],
        )

    assert ListingImage.objects.get().renditions["jpeg"].keys() == {"320"}


def test_page_shows_the_original_until_renditions_exist(client, listing):
    services.add_listing_photos(
        listing=listing, by=listing.seller.user, photos=[catalog_images.clean_upload(image_bytes())]
    )  # on_commit never runs here
    image = ListingImage.objects.get()

    response = client.get(reverse("sellers:listing-edit", kwargs={"pk": listing.pk}))

    assert image.renditions == {}
    assert image.image.url in response.text
    assert "Preparing sizes" in response.text


def test_task_retries_transient_storage_errors():
    task = catalog_tasks.make_listing_image_renditions

    assert set(task.autoretry_for) >= {ConnectionError, TimeoutError}
    assert (task.max_retries, task.retry_backoff, task.acks_late) == (5, True, True)


def test_transient_error_is_retried_until_it_works(listing):
    (image,) = services.add_listing_photos(
        listing=listing,
        by=listing.seller.user,
        photos=[catalog_images.clean_upload(image_bytes((400, 300)))],
    )
    real = catalog_images.make_renditions
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise ConnectionError("storage hiccup")
        return real(**kwargs)

    with mock.patch("catalog.services.photos.make_renditions", side_effect=flaky):
        with pytest.raises(Retry):  # eager mode surfaces the retry Celery schedules
            catalog_tasks.make_listing_image_renditions.apply(args=[image.pk], throw=True)
        image.refresh_from_db()
        assert not image.has_renditions
        catalog_tasks.make_listing_image_renditions.apply(args=[image.pk], throw=True)

    image.refresh_from_db()
    assert len(calls) == 2
    assert image.has_renditions


# --- a real Celery worker against the real Redis -----------------------------------------------


@pytest.fixture
def celery_worker_process(tmp_path):
    """A `celery worker` subprocess on the test database and the test's media folder."""
    require_broker_and_postgres()
    from odop_bazaar.celery import app

    app.control.purge()  # tasks queued by earlier tests of this run refer to rolled-back rows
    worker = start_worker(name="photos", log_path=tmp_path / "worker.log", env=worker_env())
    yield worker
    stop_worker(worker)


@pytest.mark.django_db(transaction=True)
def test_real_worker_makes_the_renditions_of_an_uploaded_photo(
    client, celery_worker_process, tmp_path
):
    seller = SellerFactory()
    listing = ListingFactory(seller=seller, status="draft")
    client.force_login(seller.user)

    upload(client, listing, SimpleUploadedFile("photo.jpg", image_bytes((1400, 1000))))
    image = ListingImage.all_objects.get()  # processing: the worker cleans it, then renditions
    deadline = time.monotonic() + 60
    while not image.has_renditions and time.monotonic() < deadline:
        assert celery_worker_process.poll() is None, (tmp_path / "worker.log").read_text()
        time.sleep(0.2)
        image.refresh_from_db()

    assert image.has_renditions, (tmp_path / "worker.log").read_text()
    assert image.is_public
    assert not image.raw_name
    assert sorted(image.renditions["webp"], key=int) == ["320", "640", "1280"]
    for paths in image.renditions.values():
        for path in paths.values():
            assert default_storage.exists(path)


@pytest.mark.usefixtures("page_cache")
def test_renditions_reach_cached_storefront_pages(client, django_capture_on_commit_callbacks):
    listing = ListingFactory(photos=1)
    image = listing.images.get()
    url = listing.district.get_absolute_url()
    before = client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        catalog_tasks.make_listing_image_renditions(image.pk)
    after = client.get(url).text

    image.refresh_from_db()
    assert image.card_url not in before
    assert image.card_url in after
