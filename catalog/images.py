"""Listing photos: checking uploads and making renditions.

Uploads are checked by content (Pillow reads the header, never the file name), capped in bytes
and pixels before anything is decoded, and re-encoded with no metadata at all (EXIF with phone
GPS positions, XMP, JPEG comments), orientation applied, so none of it reaches storage. Renditions (WebP and JPEG at up to three widths) are made in a
Celery task; pages show the original until they exist.
"""

import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40 MP phone photo; anything larger is refused, never decoded
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (320, 640, 1280)
RENDITION_FORMATS = {
    "webp": ("WEBP", {"quality": 78, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}


class HasRenditions:
    """Reading the renditions of a stored photo: `image` (an ImageField file), `renditions`
    ({"webp": {"320": path, ...}, "jpeg": {...}}, filled by a Celery task), width and height.
    Shared by listing photos and story photos, and read by catalog/_picture.html."""

    image: Any
    renditions: dict[str, dict[str, str]]

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
        names = [self.image.name]
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
