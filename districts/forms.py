"""Form pieces for story cards, shared by the curators' pages and the sellers' pages."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.images import MAX_UPLOAD_BYTES, CleanImage, InvalidImage, check_upload


class StoryPhotoField(forms.FileField):
    """One photo, checked by content from its header (catalog.images.check_upload); a worker
    decodes it and re-encodes it without EXIF after the form is saved."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data: Any, initial: Any = None) -> CleanImage | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        # Refuse by size before reading anything into memory.
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The photo is larger than 10 MB. Please upload a smaller one."), code="too_large"
            )
        try:
            return check_upload(upload.read())
        except InvalidImage as error:
            raise ValidationError(str(error), code="invalid_image") from None


class StoryTextField(forms.CharField):
    """Plain text (escaped on output), without the control characters a phone can paste."""

    def __init__(self, *, rows: int = 8, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 5000)
        super().__init__(widget=forms.Textarea(attrs={"rows": rows}), strip=True, **kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
