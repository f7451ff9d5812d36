from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from . import header


def site(request: HttpRequest) -> dict[str, Any]:
    """The grievance officer (shown in every footer), the page in each language, and for the
    header the cart's item count and whether the user sells (callables: only worked out on
    pages that show them)."""
    current = get_language() or settings.LANGUAGE_CODE
    full_path = request.get_full_path()
    other_languages = [
        {"code": code, "name": name, "url": translate_url(full_path, code)}
        for code, name in (("en", "English"), ("hi", "हिन्दी"))
        if not current.startswith(code)
    ]
    return {
        "GRIEVANCE_OFFICER": settings.GRIEVANCE_OFFICER,
        "other_languages": other_languages,
        "cart_count": partial(header.cart_count, request),
        "is_seller": partial(header.is_seller, request),
    }
