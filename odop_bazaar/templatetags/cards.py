"""`{% listing_cards listings %}`: each listing's card rendered once and shared by every page
and visitor showing it, until the listing (or a name on it) changes."""

from collections.abc import Iterable

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from catalog.models import Listing
from catalog.page_scopes import listing_scope
from odop_bazaar.page_cache import storefront_fragments

register = template.Library()


@register.simple_tag
def listing_cards(listings: Iterable[Listing]) -> SafeString:
    listings = list(listings)
    card = get_template("catalog/_listing_card.html")
    fragments = storefront_fragments(
        [(f"card:{listing.pk}", [listing_scope(listing.pk)]) for listing in listings],
        lambda i: card.render({"listing": listings[i]}),
    )
    return mark_safe("".join(fragments))  # our own template's output
