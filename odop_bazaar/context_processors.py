from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import header


def grievance_officer() -> dict[str, str]:
    """The grievance officer's name and e-mail; without GRIEVANCE_OFFICER_NAME, the office's
    title in the current language."""
    officer = settings.GRIEVANCE_OFFICER
    return {
        "name": officer["name"] or _("Grievance Officer, ODOP Bazaar"),
        "email": officer["email"],
    }


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
        "GRIEVANCE_OFFICER": grievance_officer(),
        "other_languages": other_languages,
        "cart_count": partial(header.cart_count, request),
        "is_seller": partial(header.is_seller, request),
    }
