from typing import Self

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q


def live_listing_q(prefix: str = "") -> Q:
    """The one rule of what buyers may see and buy: a live listing of a verified seller.

    `prefix` reaches listings across a relation, e.g. `Count("listings",
    filter=live_listing_q("listings__"))`. Listing.objects.live() is this filter; write the rule
    nowhere else. (The values are Listing.Status.LIVE and sellers' Seller.Status.VERIFIED.)
    """
    return Q(**{f"{prefix}status": "live", f"{prefix}seller__status": "verified"})


class ListingQuerySet(models.QuerySet):
    def live(self) -> Self:
        """What buyers may see: live listings of verified sellers."""
        return self.filter(live_listing_q())

    def with_is_live(self) -> Self:
        """Annotate `is_live` (the rule of live()), for rows read whatever their status: a cart."""
        return self.annotate(
            is_live=ExpressionWrapper(live_listing_q(), output_field=BooleanField())
        )

    # Long texts a card never shows: a page of 24 cards read them all (descriptions, the search
    # document and vector, the ODOP product's and district's stories) for nothing.
    CARD_DEFERRED = (
        "description",
        "rejection_reason",
        "search_document",
        "search_vector",
        "seller__address",
        "seller__rejection_reason",
        "odop_product__story",
        "odop_product__story_hi",
        "odop_product__craft",
        "odop_product__craft_hi",
        "odop_product__community",
        "odop_product__community_hi",
        "odop_product__curated_fields",
        "district__story",
        "district__story_hi",
    )

    def with_card_data(self) -> Self:
        """Everything a listing card shows, fetched up front (two queries in all)."""
        return (
            self.select_related("seller", "district__state", "odop_product", "category")
            .defer(*self.CARD_DEFERRED)
            .prefetch_related("images")
        )
