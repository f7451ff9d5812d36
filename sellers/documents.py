"""Checking KYC document uploads by their content, never by their name."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_PIXELS = 40_000_000
_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def check_document(upload: UploadedFile) -> str:
    """Return the content type of a PDF, JPEG or PNG of at most 5 MB, or refuse it."""
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than 5 MB. Please upload a smaller scan."), code="too_large"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = next((kind for sig, kind in _SIGNATURES.items() if head.startswith(sig)), None)
    if content_type is None:
        raise ValidationError(_("This file is not a PDF, JPEG or PNG document."), code="bad_type")
    if content_type.startswith("image/"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(upload.read()))
                if image.width * image.height > MAX_DOCUMENT_PIXELS:
                    raise ValidationError(
                        _("The scan has more than 40 megapixels. Please upload a smaller one."),
                        code="too_many_pixels",
                    )
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            SyntaxError,
        ):
            raise ValidationError(
                _("This image is damaged and cannot be read."), code="damaged"
            ) from None
        finally:
            upload.seek(0)
    return content_type
