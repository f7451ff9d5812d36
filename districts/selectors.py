"""Reads for the national, state and district pages."""

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from catalog.models import Listing, OdopProduct
from catalog.selectors import live_listings

from .models import District, State


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
    return list(
        District.objects.select_related("state")
        .annotate(live_count=_live_count_subquery(district_id="pk"))
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
    return get_object_or_404(District.objects.select_related("state"), slug=slug)


def district_odop_products(*, district: District) -> QuerySet[OdopProduct]:
    return district.odop_products.select_related("category").order_by("rank", "name")


def district_storefront(*, district: District) -> QuerySet[Listing]:
    """Live listings of verified sellers in the district, featured first."""
    return (
        live_listings()
        .filter(district=district)
        .order_by("-is_featured", "featured_position", "-created_at", "-pk")
    )
