from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog import selectors as catalog_selectors
from catalog.filters import ListingFilter
from odop_bazaar.page_cache import cache_storefront_page, storefront_cached
from odop_bazaar.pagination import paginate
from sellers import selectors as seller_selectors

from . import selectors


@cache_storefront_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "districts/home.html",
        {
            "states": selectors.states_with_counts(),
            # Counts over the whole catalogue: the same for everyone, so shared through the cache.
            "featured_districts": storefront_cached(
                "featured-districts", selectors.featured_districts
            ),
            "categories": storefront_cached(
                "categories", lambda: list(catalog_selectors.categories_with_counts())
            ),
            "gi_products": storefront_cached("gi-highlights", catalog_selectors.gi_highlights),
            "newest": catalog_selectors.newest_listings(),
            "sort_choices": ListingFilter.SORT_CHOICES,
        },
    )


@cache_storefront_page
def state_detail(request: HttpRequest, slug: str) -> HttpResponse:
    state = selectors.state_detail(slug=slug)
    return render(
        request,
        "districts/state_detail.html",
        {"state": state, "districts": selectors.state_districts(state=state)},
    )


@cache_storefront_page
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = selectors.district_detail(slug=slug)
    odop_products = list(selectors.district_odop_products(district=district))
    page = paginate(request, selectors.district_storefront(district=district))
    # Nothing on sale here: not a dead end, but the same products from nearby districts.
    nearby = (
        selectors.same_products_nearby(district=district, odop_products=odop_products)
        if page.paginator.count == 0
        else []
    )
    return render(
        request,
        "districts/district_detail.html",
        {
            "district": district,
            "odop_products": odop_products,
            "page": page,
            "nearby": nearby,
            "producer_stories": seller_selectors.published_producer_stories(district=district),
        },
    )
