"""Reads for the national, state and district pages."""

from collections.abc import Iterable

from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404

from catalog.models import Listing, OdopProduct
from catalog.querysets import live_listing_q
from catalog.selectors import live_listings

from .models import District, FeaturedListing, State


def _live_count_subquery(**outer: str) -> Coalesce:
    counts = (
        Listing.objects.live()
        .filter(**{field: OuterRef(ref) for field, ref in outer.items()})
        .order_by()
        .values(*outer.keys())
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def states_with_counts() -> QuerySet[State]:
    """Every state and UT with its number of districts."""
    return State.objects.annotate(district_count=Count("districts"))


def state_detail(*, slug: str) -> State:
    return get_object_or_404(State, slug=slug)


def state_districts(*, state: State) -> QuerySet[District]:
    """The state's districts with their ODOP products and live listing counts."""
    return (
        state.districts.annotate(live_count=_live_count_subquery(district_id="pk"))
        .prefetch_related(
            Prefetch("odop_products", queryset=OdopProduct.objects.order_by("rank", "name"))
        )
        .order_by("name")
    )


def districts_with_live_counts() -> list[District]:
    """Every district with its state and live listing count, by state then name (one query).

    What the national map, its list of districts and the featured districts are made of.
    """
    # One join and GROUP BY over the listings: a correlated count per district ran once for
    # each of the 773 districts (1.8 s on 100,000 listings).
    return list(
        District.objects.select_related("state")
        .annotate(live_count=Count("listings", filter=live_listing_q("listings__")))
        .order_by("state__name", "name")
    )


def featured_districts(*, districts: Iterable[District], limit: int = 8) -> list[District]:
    """Districts curators featured; if too few, those with the most live listings.

    Picked from `districts_with_live_counts()`, which the home page reads anyway for its map.
    """
    chosen = [d for d in districts if d.is_featured or d.live_count > 0]
    chosen.sort(key=lambda d: (not d.is_featured, -d.live_count, d.name))
    return chosen[:limit]


def district_detail(*, slug: str) -> District:
    return get_object_or_404(District.objects.select_related("state", "hero_photo"), slug=slug)


def district_odop_products(*, district: District) -> QuerySet[OdopProduct]:
    return district.odop_products.select_related("category").order_by("rank", "name")


def district_storefront(*, district: District) -> QuerySet[Listing]:
    """Live listings of verified sellers in the district: the curators' featured ones first,
    in their order (as `featured_at`, None for the others), then the rest."""
    position = FeaturedListing.objects.filter(district=district, listing=OuterRef("pk")).values(
        "position"
    )[:1]
    return (
        live_listings()
        .filter(district=district)
        .annotate(featured_at=Subquery(position))
        .order_by(
            F("featured_at").asc(nulls_last=True),
            "-is_featured",
            "featured_position",
            "-created_at",
            "-pk",
        )
    )


def same_products_nearby(
    *, district: District, odop_products: list[OdopProduct], limit: int = 8
) -> list[Listing]:
    """For a district with nothing on sale: live listings from other districts of its state
    of the same ODOP products (by name) first, then of the same categories, newest first."""
    names = {product.name.lower() for product in odop_products}
    category_ids = {product.category_id for product in odop_products}
    if not names:
        return []
    return list(
        live_listings()
        .filter(district__state_id=district.state_id)
        .exclude(district=district)
        .annotate(product_name=Lower("odop_product__name"))
        .filter(Q(product_name__in=names) | Q(category_id__in=category_ids))
        .annotate(
            same_name=Case(When(product_name__in=names, then=0), default=1),
        )
        .order_by("same_name", "-created_at", "-pk")[:limit]
    )


# --- For the curators' storefront pages ----------------------------------------------------


def districts_for_curators(*, query: str = "") -> QuerySet[District]:
    """Districts matching a name (English or Hindi) or state, with what their story card has."""
    districts = District.objects.select_related("state").annotate(
        featured_count=Count("featured_listings", distinct=True)
    )
    if query:
        districts = districts.filter(
            Q(name__icontains=query) | Q(name_hi__icontains=query) | Q(state__name__icontains=query)
        )
    return districts.order_by("name", "state__name")


def district_for_curators(*, slug: str) -> District:
    return get_object_or_404(District.objects.select_related("state", "hero_photo"), slug=slug)


def featured_listings_for_curators(*, district: District) -> list[FeaturedListing]:
    """The district's featured listings in order, live or not (the page says which)."""
    return list(
        district.featured_listings.select_related("listing__seller").order_by("position", "pk")
    )


def feature_candidates(*, district: District) -> QuerySet[Listing]:
    """Live listings of the district not featured yet."""
    return (
        Listing.objects.live()
        .filter(district=district)
        .exclude(features__district=district)
        .select_related("seller")
        .order_by("title", "pk")
    )
