"""An upload costs the web process little whatever its pixels (issue 10 item 11): the request
reads the header only and keeps the raw file private; a worker decodes and cleans it."""

import io
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from catalog.images import PhotoStatus, check_upload, upload_storage
from catalog.models import Listing, ListingImage
from tests.factories import ListingFactory, SellerFactory
from tests.sellers.factories import image_bytes

pytestmark = pytest.mark.django_db
COMMENT = b"taken at 26.9708 N, 79.9165 E"
DAMAGED = "This photo is damaged and cannot be read."


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


def no_decoding():
    """Any pixel decode fails the test (Image.load and ImageFile.load, which decodes)."""
    decoded = AssertionError("pixels decoded in the request")
    return (
        mock.patch.object(Image.Image, "load", side_effect=decoded),
        mock.patch.object(ImageFile.ImageFile, "load", side_effect=decoded),
    )


def phone_jpeg(size=(600, 400)) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate a quarter turn
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (26.0, 58.0, 0.0), 3: "E", 4: (79.0, 55.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "JPEG", exif=exif, comment=COMMENT)
    return buffer.getvalue()


def raw_path(image: ListingImage) -> Path:
    return Path(upload_storage().path(image.raw_name))


def test_a_39_megapixel_png_is_not_decoded_in_the_request(
    client, listing, django_capture_on_commit_callbacks
):
    data = image_bytes((7800, 5000), "PNG", mode="1")  # 39 MP in a small file
    load, file_load = no_decoding()

    with django_capture_on_commit_callbacks() as callbacks, load, file_load:
        response = upload(client, listing, SimpleUploadedFile("big.png", data))

    assert response.status_code == 200
    assert "Processing this photo" in response.text
    image = ListingImage.all_objects.get()
    assert (image.status, bool(image.image)) == (PhotoStatus.PROCESSING, False)
    assert (image.width, image.height) == (7800, 5000)  # from the header
    assert raw_path(image).read_bytes() == data
    assert list(listing.images.all()) == []  # never read by pages while processing

    with django_capture_on_commit_callbacks(execute=True):  # the worker, after commit
        for callback in callbacks:
            callback()

    image.refresh_from_db()
    assert (image.status, image.raw_name, image.width, image.height) == ("ready", "", 7800, 5000)
    assert default_storage.exists(image.image.name)
    assert image.has_renditions
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT, "uploads").iterdir())  # raw file gone


def test_header_check_gives_upright_size_from_exif_without_decoding():
    data = phone_jpeg((600, 400))
    load, file_load = no_decoding()
    with load, file_load:
        checked = check_upload(data)

    assert (checked.extension, checked.width, checked.height) == ("jpg", 400, 600)


def test_the_photo_is_processing_until_the_task_ran_then_public_and_clean(
    client, listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        upload(client, listing, SimpleUploadedFile("phone.jpg", phone_jpeg()))
    image = ListingImage.all_objects.get()
    raw = raw_path(image)
    assert image.is_processing
    assert raw.exists()
    # The raw file (GPS, comment) lives outside MEDIA_ROOT and has no URL.
    assert not raw.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="no public URL"):
        upload_storage().url(image.raw_name)
    assert client.get(f"{settings.MEDIA_URL}{image.raw_name}").status_code == 404
    assert client.get(f"{settings.MEDIA_URL}uploads/{image.raw_name}").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):  # the worker, after commit
        for callback in callbacks:
            callback()

    image.refresh_from_db()
    assert image.is_public
    assert (image.width, image.height) == (400, 600)
    stored = default_storage.open(image.image.name).read()
    assert COMMENT not in stored
    assert b"PhoneMaker" not in stored
    assert b"GPS" not in stored
    cleaned = Image.open(io.BytesIO(stored))
    assert cleaned.size == (400, 600)
    assert dict(cleaned.getexif()) == {}
    assert "comment" not in cleaned.info
    assert not raw.exists()
    assert Listing.objects.get(pk=listing.pk).main_image == image


def test_a_truncated_jpeg_becomes_a_failed_photo_the_seller_removes(
    client, listing, django_capture_on_commit_callbacks
):
    whole = image_bytes((800, 600), "JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, listing, SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]))

    image = ListingImage.all_objects.get()
    assert (image.status, image.raw_name, bool(image.image)) == (PhotoStatus.FAILED, "", False)
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT, "uploads").iterdir())  # raw file deleted
    assert not Path(settings.MEDIA_ROOT, "listings").exists()  # nothing public written

    page = client.get(reverse("sellers:listing-edit", kwargs={"pk": listing.pk}))
    assert DAMAGED in page.text
    remove = reverse(
        "sellers:listing-photo-action",
        kwargs={"pk": listing.pk, "image_pk": image.pk, "action": "delete"},
    )
    assert remove in page.text

    # Live, the listing page shows no trace of it (and a buyer's page never breaks on it).
    Listing.objects.filter(pk=listing.pk).update(status="live")
    listing.refresh_from_db()
    public = client.get(listing.get_absolute_url())
    assert public.status_code == 200
    assert image.token not in public.text
    assert DAMAGED not in public.text
    assert Listing.objects.get(pk=listing.pk).main_image is None

    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove)
    assert not ListingImage.all_objects.exists()


def test_a_photo_removed_while_processing_leaves_no_file(
    client, listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        upload(client, listing, SimpleUploadedFile("phone.jpg", phone_jpeg()))
    image = ListingImage.all_objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "sellers:listing-photo-action",
                kwargs={"pk": listing.pk, "image_pk": image.pk, "action": "delete"},
            )
        )

    with django_capture_on_commit_callbacks(execute=True):  # the task comes after the removal
        for callback in callbacks:
            callback()

    assert not ListingImage.all_objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT, "uploads").iterdir())
    assert not Path(settings.MEDIA_ROOT, "listings").exists() or not any(
        Path(settings.MEDIA_ROOT, "listings").rglob("*.*")
    )


def test_a_story_hero_photo_is_hidden_until_processed(
    client, curator, django_capture_on_commit_callbacks
):
    from tests.factories import DistrictFactory

    district = DistrictFactory(name="Kannauj", slug="kannauj")
    client.force_login(curator)
    hero = SimpleUploadedFile("hero.jpg", phone_jpeg())
    load, file_load = no_decoding()
    with django_capture_on_commit_callbacks() as callbacks, load, file_load:
        response = client.post(
            "/curate/districts/kannauj/hero/", {"photo": hero, "alt_text": "Stills"}
        )
    assert response.status_code == 302
    district.refresh_from_db()
    photo = district.hero_photo
    assert photo.is_processing
    assert not photo.image
    public = reverse("districts:district-detail", kwargs={"slug": "kannauj"})
    assert 'class="story-hero"' not in client.get(public).text
    assert "being processed" in client.get("/curate/districts/kannauj/").text

    with django_capture_on_commit_callbacks(execute=True):  # the worker, after commit
        for callback in callbacks:
            callback()

    photo.refresh_from_db()
    assert photo.is_public
    assert not photo.raw_name
    assert b"PhoneMaker" not in default_storage.open(photo.image.name).read()
    assert "story-hero" in client.get(public).text


def test_a_damaged_hero_photo_fails_and_is_never_shown(
    client, curator, django_capture_on_commit_callbacks
):
    from tests.factories import DistrictFactory

    district = DistrictFactory(name="Kannauj", slug="kannauj")
    client.force_login(curator)
    whole = image_bytes((800, 600), "JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/curate/districts/kannauj/hero/",
            {"photo": SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]), "alt_text": "x"},
        )

    district.refresh_from_db()
    assert district.hero_photo.has_failed
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT, "uploads").iterdir())
    assert 'class="story-hero"' not in client.get(district.get_absolute_url()).text
    assert "damaged" in client.get("/curate/districts/kannauj/").text


def test_the_photos_page_renders_processing_and_failed_photos_in_hindi(
    client, listing, django_capture_on_commit_callbacks
):
    whole = image_bytes((800, 600), "JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, listing, SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]))
    with django_capture_on_commit_callbacks():  # this one stays processing
        upload(client, listing, SimpleUploadedFile("ok.jpg", whole))

    page = client.get(f"/hi{reverse('sellers:listing-edit', kwargs={'pk': listing.pk})}")

    assert page.status_code == 200
    assert [image.status for image in ListingImage.all_objects.all()] == ["failed", "processing"]


def test_a_buyers_return_photo_is_not_decoded_in_the_request_either(
    client, buyer, django_capture_on_commit_callbacks
):
    from orders.models import ReturnPhoto
    from tests.orders.test_returns import delivered_line

    _shipment, line = delivered_line(buyer, ListingFactory(), 1)
    client.force_login(buyer)
    big = image_bytes((7800, 5000), "PNG", mode="1")
    load, file_load = no_decoding()

    with django_capture_on_commit_callbacks() as callbacks, load, file_load:
        response = client.post(
            reverse("orders:line-return", args=[line.pk]),
            {
                "quantity": 1,
                "reason": "damaged",
                "refund_to": "12345678901 sbin0001234",
                "photos": [SimpleUploadedFile("big.png", big)],
            },
        )

    assert response.status_code == 302
    photo = ReturnPhoto.all_objects.get()
    assert photo.status == PhotoStatus.PROCESSING
    assert not ReturnPhoto.objects.exists()  # the seller sees nothing yet
    raw_name = photo.raw_name
    assert upload_storage().exists(raw_name)
    with django_capture_on_commit_callbacks(execute=True):  # the worker, after commit
        for callback in callbacks:
            callback()
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.READY
    assert default_storage.exists(photo.image.name)
    assert not upload_storage().exists(raw_name)
