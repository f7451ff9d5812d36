from collections.abc import Sequence
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from catalog import selectors as catalog_selectors
from catalog.filters import ListingFilter
from catalog.page_scopes import depends_on_listings, district_scope, state_scope
from odop_bazaar.page_cache import HOME, cache_storefront_page, depends_on, storefront_cached
from odop_bazaar.pagination import paginate_storefront
from sellers import selectors as seller_selectors

from . import selectors
from .map import render_map
from .models import District, State


def _live_listings(count: int) -> str:
    return ngettext("%(count)s live listing", "%(count)s live listings", count) % {"count": count}


def live_listing_map(
    districts: Sequence[District], *, state: State | None = None, list_id: str
) -> SafeString:
    """The map of `districts` (annotated with `live_count`) shaded by their live listings."""
    if state is None:
        # 734 districts: each named with a bare count (the map's name says what it counts),
        # which keeps the home page's SVG light in every language.
        label = _("Map of India's districts, each with its number of live listings")
        value_label = str
    else:
        label = _("Map of the districts of %(state)s, shaded by live listings") % {
            "state": state.display_name
        }
        value_label = _live_listings
    return render_map(
        {district.pk: district.live_count for district in districts},
        districts=districts,
        state=state,
        label=label,
        legend_title=_("Live listings"),
        value_label=value_label,
        zero_label=_("None yet"),
        list_id=list_id,
    )


@cache_storefront_page
def home(request: HttpRequest) -> HttpResponse:
    # Every district with its live listings: read once for the map, its list and the featured
    # districts, and only when one of them is not in the cache.
    districts = cache(selectors.districts_with_live_counts)
    newest = catalog_selectors.newest_listings()
    depends_on(request, HOME)
    depends_on_listings(request, newest)
    return render(
        request,
        "districts/home.html",
        {
            "states": selectors.states_with_counts(),
            # Counts over the whole catalogue: the same for everyone, so shared through the cache.
            "featured_districts": storefront_cached(
                "featured-districts",
                lambda: selectors.featured_districts(districts=districts()),
                scopes=[HOME],
            ),
            "india_map": storefront_cached(
                f"india-map:{get_language()}",
                lambda: render_to_string(
                    "districts/_india_map.html",
                    {
                        "districts": districts(),
                        "map": live_listing_map(districts(), list_id="district-index"),
                    },
                ),
                scopes=[HOME],
            ),
            "categories": storefront_cached(
                "categories",
                lambda: list(catalog_selectors.categories_with_counts()),
                scopes=[HOME],
            ),
            "gi_products": storefront_cached(
                "gi-highlights", catalog_selectors.gi_highlights, scopes=[HOME]
            ),
            "newest": newest,
            "sort_choices": ListingFilter.SORT_CHOICES,
        },
    )


@cache_storefront_page
def state_detail(request: HttpRequest, slug: str) -> HttpResponse:
    state = selectors.state_detail(slug=slug)
    districts = list(selectors.state_districts(state=state))
    depends_on(request, state_scope(state.pk))
    state_map = None
    if any(district.has_map_shape for district in districts):
        state_map = storefront_cached(
            f"state-map:{state.pk}:{get_language()}",
            lambda: live_listing_map(districts, state=state, list_id="state-districts"),
            scopes=[state_scope(state.pk)],
        )
    return render(
        request,
        "districts/state_detail.html",
        {"state": state, "districts": districts, "state_map": state_map},
    )


@cache_storefront_page
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = selectors.district_detail(slug=slug)
    odop_products = list(selectors.district_odop_products(district=district))
    page = paginate_storefront(request, selectors.district_storefront(district=district))
    # Nothing on sale here: not a dead end, but the same products from nearby districts.
    nearby = (
        selectors.same_products_nearby(district=district, odop_products=odop_products)
        if page.paginator.count == 0
        else []
    )
    depends_on(request, district_scope(district.pk), state_scope(district.state_id))
    depends_on_listings(request, [*page, *nearby])
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
