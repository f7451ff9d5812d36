"""Listing photos: checking uploads and making renditions.

Uploads are checked by content (Pillow reads the header, never the file name), capped in bytes
and pixels before anything is decoded. In the request only the header is read
(`check_upload`): the raw file goes to private storage (it still has its EXIF, phone GPS
positions included) and the photo is "processing". A Celery task then decodes it and
re-encodes it with no metadata at all (EXIF, XMP, JPEG comments), orientation applied
(`clean_upload`), writes the public original and deletes the raw file; a file that does not
decode marks the photo "failed". Renditions (WebP and JPEG at up to three widths) follow in the
same task; pages show the original until they exist, and never a processing or failed photo.
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40 MP phone photo; anything larger is refused, never decoded
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (320, 640, 1280)
RENDITION_FORMATS = {
    "webp": ("WEBP", {"quality": 78, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}


class PhotoStatus(models.TextChoices):
    """Where an upload is: its raw file waits in private storage while "processing"; "ready"
    has a public, clean file; "failed" did not decode (the seller sees it and removes it)."""

    PROCESSING = "processing", _lazy("Processing")
    READY = "ready", _lazy("Ready")
    FAILED = "failed", _lazy("Failed")


class UploadStorage(FileSystemStorage):
    """Raw uploads waiting for the worker, on disk: under PRIVATE_MEDIA_ROOT/uploads, never
    given a URL (they still carry their metadata, a phone's GPS position included). The
    named storage "uploads"; with an object store, the private bucket's uploads/ prefix."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    # Read the setting on every use (not once at import), so tests can point it at tmp_path.
    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / "uploads")

    @property  # type: ignore[override]
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Raw uploads have no public URL.")


def upload_storage() -> Storage:
    return storages["uploads"]


class HasRenditions:
    """Reading the renditions of a stored photo: `image` (an ImageField file), `renditions`
    ({"webp": {"320": path, ...}, "jpeg": {...}}, filled by a Celery task), width and height.
    Shared by listing photos and story photos, and read by catalog/_picture.html."""

    image: Any
    renditions: dict[str, dict[str, str]]
    status: str
    raw_name: str

    @property
    def is_public(self) -> bool:
        """Only a ready photo with its clean file is ever shown on a page."""
        return self.status == PhotoStatus.READY and bool(self.image)

    @property
    def public_name(self) -> str:
        """The public file's name; while processing, the name the worker will give it (the
        same upload_to and extension), so an audit entry can name it at upload time."""
        if self.image:
            return str(self.image.name)
        if self.raw_name:
            return str(self.image.field.generate_filename(self, self.raw_name))
        return ""

    @property
    def is_processing(self) -> bool:
        return self.status == PhotoStatus.PROCESSING

    @property
    def has_failed(self) -> bool:
        return self.status == PhotoStatus.FAILED

    @property
    def has_renditions(self) -> bool:
        return bool(self.renditions)

    def _srcset(self, image_format: str) -> str:
        paths = self.renditions.get(image_format, {})
        return ", ".join(
            f"{default_storage.url(path)} {width}w"
            for width, path in sorted(paths.items(), key=lambda item: int(item[0]))
        )

    @property
    def webp_srcset(self) -> str:
        """`url 320w, url 640w` of the WebP renditions; empty until they exist."""
        return self._srcset("webp")

    @property
    def jpeg_srcset(self) -> str:
        return self._srcset("jpeg")

    @property
    def card_url(self) -> str:
        """The smallest JPEG rendition, or the original while renditions are being made."""
        paths = self.renditions.get("jpeg", {})
        if paths:
            return default_storage.url(paths[min(paths, key=int)])
        return self.image.url

    def rendition_files(self) -> list[str]:
        """The stored names of the original and every rendition (to delete them together)."""
        names = [self.image.name] if self.image else []
        for paths in (self.renditions or {}).values():
            names.extend(paths.values())
        return names


def _too_many_pixels() -> str:  # translated when raised, in the request's language
    return _("The photo has more than 40 megapixels. Please upload a smaller one.")


class InvalidImage(ValueError):
    """The upload is not a photo we accept; the message says why, for the seller."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int


def _without_metadata(image: Image.Image) -> Image.Image:
    """Pillow writes some of `info` back on save (a JPEG's comment, XMP, ICC profile, EXIF):
    a comment can carry HTML or a place name. Orientation is applied before this."""
    image.info = {}
    return image


def _refuse_truncated_files() -> None:
    """Importing WeasyPrint (invoice PDFs) turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole
    process; a half-uploaded photo must still be refused, so the upload path turns it off."""
    ImageFile.LOAD_TRUNCATED_IMAGES = False


def _open_checked(data: bytes) -> Image.Image:
    _refuse_truncated_files()
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidImage(_("The photo is larger than 10 MB. Please upload a smaller one."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses huge bitmaps from the header alone, before our own 40 MP check.
        raise InvalidImage(_too_many_pixels()) from None
    except (UnidentifiedImageError, OSError):
        raise InvalidImage(_("This file is not a JPEG, PNG or WebP photo.")) from None
    if image.format not in ALLOWED_FORMATS:
        raise InvalidImage(_("This file is not a JPEG, PNG or WebP photo."))
    if image.width * image.height > MAX_PIXELS:
        raise InvalidImage(_too_many_pixels())
    return image


@dataclass(frozen=True)
class CheckedUpload(CleanImage):
    """An upload whose header passed `check_upload`: `content` is the RAW file (metadata still
    in it), so it may only go to private storage, for the worker to clean. Width and height
    are the upright ones, read from the EXIF orientation in the header."""


_SWAPPED_ORIENTATIONS = {5, 6, 7, 8}  # rotated a quarter turn: width and height swap
_ORIENTATION_TAG = 0x0112


def _header_orientation(image: Image.Image) -> int:
    """The EXIF orientation found while reading the header (JPEG APP1, WebP EXIF chunk, PNG
    eXIf before the pixels), without Image.getexif(), which may decode a PNG to look further."""
    raw = image.info.get("exif")
    if not raw:
        return 1
    exif = Image.Exif()
    try:
        exif.load(raw)
    except Exception:  # an unreadable EXIF block is simply no orientation
        return 1
    orientation = exif.get(_ORIENTATION_TAG, 1)
    return orientation if isinstance(orientation, int) else 1


def check_upload(data: bytes) -> CheckedUpload:
    """Check an upload from its header alone: size, format, pixel count. No pixel is decoded,
    so a request costs little whatever the photo's size; the worker cleans it later."""
    image = _open_checked(data)
    width, height = image.size
    if _header_orientation(image) in _SWAPPED_ORIENTATIONS:
        width, height = height, width
    return CheckedUpload(data, ALLOWED_FORMATS[image.format], width, height)


def clean_upload(data: bytes) -> CleanImage:
    """Check an uploaded photo and return it re-encoded, upright and without metadata."""
    image = _open_checked(data)
    try:
        image.load()
        upright = _without_metadata(ImageOps.exif_transpose(image).copy())
    except (OSError, ValueError, Image.DecompressionBombError):
        raise InvalidImage(_("This photo is damaged and cannot be read.")) from None
    output = io.BytesIO()
    if image.format == "PNG":
        upright.save(output, "PNG", optimize=True)
    elif image.format == "WEBP":
        upright.save(output, "WEBP", quality=90)
    else:
        upright.convert("RGB").save(output, "JPEG", quality=90, optimize=True)
    return CleanImage(
        output.getvalue(), ALLOWED_FORMATS[image.format], upright.width, upright.height
    )


def make_renditions(*, source_name: str, stem: str) -> dict[str, dict[str, str]]:
    """Write WebP and JPEG renditions of a stored photo; returns {format: {width: path}}.

    Widths above the original are skipped (no upscaling), but the smallest is always made.
    """
    _refuse_truncated_files()
    with default_storage.open(source_name, "rb") as handle, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        original = Image.open(handle)
        original.load()
    original = _without_metadata(ImageOps.exif_transpose(original).copy())
    if original.mode not in ("RGB", "RGBA"):
        original = original.convert("RGBA" if "A" in original.getbands() else "RGB")
    widths = [w for w in RENDITION_WIDTHS if w <= original.width] or [RENDITION_WIDTHS[0]]
    result: dict[str, dict[str, str]] = {name: {} for name in RENDITION_FORMATS}
    for width in widths:
        height = max(1, round(original.height * width / original.width))
        resized = original.resize((width, height), Image.Resampling.LANCZOS)
        for name, (pil_format, options) in RENDITION_FORMATS.items():
            frame = resized.convert("RGB") if pil_format == "JPEG" else resized
            buffer = io.BytesIO()
            frame.save(buffer, pil_format, **options)
            extension = "jpg" if name == "jpeg" else name
            path = f"{stem}-{width}.{extension}"
            if default_storage.exists(path):
                default_storage.delete(path)  # a repeat run replaces, never duplicates
            result[name][str(width)] = default_storage.save(path, ContentFile(buffer.getvalue()))
    return result


def store_raw_upload(photo: Any, upload: CleanImage) -> None:
    """Before the photo's first save: a CheckedUpload goes raw to private storage and the photo
    is "processing"; an already clean image (demo data, tests) is written public and ready."""
    if isinstance(upload, CheckedUpload):
        photo.raw_name = upload_storage().save(
            f"{photo.token}.{upload.extension}", ContentFile(upload.content)
        )
        photo.status = PhotoStatus.PROCESSING
    else:
        photo.image.save(f"photo.{upload.extension}", ContentFile(upload.content), save=False)
        photo.status = PhotoStatus.READY
    photo.width, photo.height = upload.width, upload.height  # known: no second decode


def clean_stored_upload(photo: Any) -> str:
    """Worker side, for a processing photo: decode its raw file, re-encode it without metadata,
    orientation applied, and write the public file. Returns the new status; nothing is saved
    to the database (the caller does, under a lock). The raw file is left for the caller to
    delete after commit."""
    try:
        with upload_storage().open(photo.raw_name, "rb") as handle:
            data = handle.read()
        clean = clean_upload(data)
    except (InvalidImage, OSError):  # damaged, truncated, or the raw file is gone
        return PhotoStatus.FAILED
    photo.image.save(f"photo.{clean.extension}", ContentFile(clean.content), save=False)
    photo.width, photo.height = clean.width, clean.height
    return PhotoStatus.READY


def publish_processed_upload(photos: models.Manager, photo_id: int) -> str | None:
    """Worker side, for any photo model of the pipeline (listing, story, return photos): clean
    its raw upload (`clean_stored_upload`, outside any transaction), then, under a lock, record
    the outcome and delete the raw file after commit. Returns the new status ("ready" or
    "failed"), or None when there was nothing to do (gone, done already, removed meanwhile)."""
    photo = photos.filter(pk=photo_id).first()
    if photo is None or photo.status != PhotoStatus.PROCESSING:
        return None  # gone, or a repeat delivery of the task
    raw_name = photo.raw_name
    status = clean_stored_upload(photo)  # the slow part
    with transaction.atomic():
        current = (
            photos.select_for_update().filter(pk=photo_id, status=PhotoStatus.PROCESSING).first()
        )
        if current is None:  # removed or replaced meanwhile, or another worker won
            if photo.image:
                photo.image.storage.delete(photo.image.name)
            return None
        photo.status, photo.raw_name = status, ""
        photo.save(update_fields=["image", "width", "height", "status", "raw_name"])
        transaction.on_commit(lambda: upload_storage().delete(raw_name))
    return status
