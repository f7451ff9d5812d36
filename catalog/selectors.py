"""Catalogue reads for pages and the API; each fetches what its template touches."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from .models import Category, Listing, OdopProduct
from .querysets import live_listing_q


def live_listings() -> QuerySet[Listing]:
    """Live listings of verified sellers, with everything a listing card shows."""
    return Listing.objects.live().with_card_data()


def listing_detail(*, pk: int) -> Listing:
    """One live listing with its photos, seller, district and ODOP product; 404 otherwise."""
    return get_object_or_404(
        Listing.objects.live()
        .select_related(
            "seller__district__state",
            "seller__producer_story__photo",
            "district__state",
            "odop_product",
            "category",
        )
        .prefetch_related("images"),
        pk=pk,
    )


def more_from_district(*, listing: Listing, limit: int = 4) -> list[Listing]:
    """Other live listings of the same district, for the listing page."""
    return list(
        live_listings()
        .filter(district_id=listing.district_id)
        .exclude(pk=listing.pk)
        .order_by("-is_featured", "featured_position", "-created_at")[:limit]
    )


def odop_product_detail(*, slug: str) -> OdopProduct:
    return get_object_or_404(
        OdopProduct.objects.select_related("district__state", "category", "hero_photo"),
        slug=slug,
    )


def product_listings(*, product: OdopProduct) -> QuerySet[Listing]:
    return live_listings().filter(odop_product=product).order_by("-is_featured", "price", "-pk")


def categories_with_counts() -> QuerySet[Category]:
    """Every category with the number of its live listings."""
    return Category.objects.annotate(
        live_count=Count(
            "listings",
            filter=live_listing_q("listings__"),
        )
    )


def gi_highlights(*, limit: int = 8) -> list[OdopProduct]:
    """GI-tagged ODOP products, those with the most live listings first."""
    return list(
        OdopProduct.objects.filter(is_gi_tagged=True)
        .select_related("district__state")
        .annotate(
            live_count=Count(
                "listings",
                filter=live_listing_q("listings__"),
            )
        )
        .order_by("-live_count", "name")[:limit]
    )


def newest_listings(*, limit: int = 8) -> list[Listing]:
    return list(live_listings().order_by("-created_at", "-pk")[:limit])
