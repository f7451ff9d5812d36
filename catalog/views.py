from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from districts.models import District, State
from odop_bazaar.page_cache import SEARCH, cache_storefront_page, depends_on
from odop_bazaar.pagination import paginate_storefront

from . import selectors
from .filters import ListingFilter
from .models import Category
from .page_scopes import category_scope, depends_on_listings, listing_scope, product_scope
from .search import did_you_mean


@cache_storefront_page
def listing_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    listing = selectors.listing_detail(pk=pk)
    if slug != listing.slug:
        return redirect(listing, permanent=True)
    more_from_district = selectors.more_from_district(listing=listing)
    depends_on(request, listing_scope(listing.pk))
    depends_on_listings(request, more_from_district)
    return render(
        request,
        "catalog/listing_detail.html",
        {"listing": listing, "more_from_district": more_from_district},
    )


@cache_storefront_page
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.odop_product_detail(slug=slug)
    page = paginate_storefront(request, selectors.product_listings(product=product))
    depends_on(request, product_scope(product.pk))
    depends_on_listings(request, page)
    return render(request, "catalog/product_detail.html", {"product": product, "page": page})


@cache_storefront_page
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    listings = selectors.live_listings().filter(category=category).order_by("-created_at", "-pk")
    page = paginate_storefront(request, listings)
    depends_on(request, category_scope(category.pk))
    depends_on_listings(request, page)
    return render(request, "catalog/category_detail.html", {"category": category, "page": page})


@cache_storefront_page
def search(request: HttpRequest) -> HttpResponse:
    filterset = ListingFilter(request.GET, queryset=selectors.live_listings(), request=request)
    filterset.is_valid()  # cleans the form; bad values are reported and ignored, not fatal
    selected_state = filterset.form.cleaned_data.get("state")
    districts = (
        District.objects.filter(state=selected_state)
        .only("name", "name_hi", "slug")
        .order_by("name")
        if selected_state
        else District.objects.none()
    )
    page = paginate_storefront(request, filterset.qs)
    query = filterset.form.cleaned_data.get("q", "")
    depends_on(request, SEARCH)
    depends_on_listings(request, page)
    return render(
        request,
        "catalog/search.html",
        {
            "filter": filterset,
            "page": page,
            # Nothing found: offer the query spelt as the catalogue spells it.
            "suggestion": did_you_mean(query) if query and not page.paginator.count else "",
            "states": State.objects.only("name", "name_hi", "slug"),
            "categories": Category.objects.all(),
            "districts": districts,
            "query": query,
        },
    )
