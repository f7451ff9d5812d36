"""/curate/districts/, /curate/odop-products/<id>/story/, /curate/producer-stories/:
storefront stories, hero photos, featured listings and the producer-story queue."""

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog import services as catalog_services
from catalog.models import Listing, OdopProduct
from districts import selectors as district_selectors
from districts.models import District
from odop_bazaar.errors import DomainError
from sellers import selectors as seller_selectors
from sellers.models import ProducerStory

from .. import queues, story_forms
from ..access import curator_required
from ..bulk import apply_to_each, ticked
from ..forms import BulkSelectionForm, ReasonForm
from ..services import stories as services

queues.register(
    queues.Queue(
        key="producer-stories",
        title=gettext_lazy("Producer stories to publish"),
        url_name="curation:producer-stories",
        pending=seller_selectors.pending_producer_stories,
    )
)


def _run(request: HttpRequest, call: Callable[[], object], done: str) -> None:
    """Call one curation service; its refusal becomes an error message, not a 500."""
    try:
        call()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)


def _form_errors(request: HttpRequest, form: object) -> None:
    for field, errors in form.errors.items():  # type: ignore[attr-defined]
        label = form.fields[field].label if field in form.fields else ""  # type: ignore[attr-defined]
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# --- Districts -----------------------------------------------------------------------------


@curator_required
def district_list(request: HttpRequest) -> HttpResponse:
    form = story_forms.DistrictSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    districts = district_selectors.districts_for_curators(query=query)
    page = Paginator(districts, 50).get_page(request.GET.get("page"))
    return render(
        request, "curation/district_list.html", {"form": form, "page": page, "query": query}
    )


def _district_page(
    request: HttpRequest,
    district: District,
    *,
    story_form: story_forms.DistrictStoryForm | None = None,
    hero_form: story_forms.HeroPhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "curation/district_story.html",
        {
            "district": district,
            "story_form": story_form
            or story_forms.DistrictStoryForm(
                initial={"story": district.story, "story_hi": district.story_hi}
            ),
            "hero_form": hero_form or story_forms.HeroPhotoForm(),
            "featured": district_selectors.featured_listings_for_curators(district=district),
            "feature_form": story_forms.FeatureListingForm(
                candidates=district_selectors.feature_candidates(district=district)
            ),
            "odop_products": list(district.odop_products.order_by("rank", "name")),
        },
        status=status,
    )


@curator_required
def district_story(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_selectors.district_for_curators(slug=slug)
    if request.method != "POST":
        return _district_page(request, district)
    form = story_forms.DistrictStoryForm(request.POST)
    if not form.is_valid():
        return _district_page(request, district, story_form=form, status=400)
    services.edit_district_story(by=request.user, district=district, **form.cleaned_data)
    messages.success(request, _("Story saved."))
    return redirect("curation:district-story", slug=district.slug)


def _hero_photo(
    request: HttpRequest,
    owner: District | OdopProduct,
    done_url: str,
    page_with_errors: Callable[[story_forms.HeroPhotoForm], HttpResponse],
) -> HttpResponse:
    """Upload (or, with `remove`, take away) the hero photo of a district or ODOP product."""
    if "remove" in request.POST:
        services.remove_hero_photo(by=request.user, owner=owner)
        messages.success(request, _("Hero photo removed."))
        return redirect(done_url)
    form = story_forms.HeroPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return page_with_errors(form)
    services.set_hero_photo(by=request.user, owner=owner, **form.cleaned_data)
    messages.success(request, _("Hero photo saved."))
    return redirect(done_url)


@curator_required
@require_POST
def district_hero(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_selectors.district_for_curators(slug=slug)
    return _hero_photo(
        request,
        district,
        reverse("curation:district-story", kwargs={"slug": district.slug}),
        lambda form: _district_page(request, district, hero_form=form, status=400),
    )


@curator_required
@require_POST
def district_feature(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_selectors.district_for_curators(slug=slug)
    form = story_forms.FeatureListingForm(
        request.POST, candidates=district_selectors.feature_candidates(district=district)
    )
    if form.is_valid():
        listing = form.cleaned_data["listing"]
        _run(
            request,
            lambda: services.feature_listing(by=request.user, district=district, listing=listing),
            _("Listing featured."),
        )
    else:
        _form_errors(request, form)
    return redirect("curation:district-story", slug=district.slug)


FEATURED_ACTIONS = {
    "up": (
        lambda by, district, listing: services.move_featured_listing(
            by=by, district=district, listing=listing, offset=-1
        ),
        gettext_lazy("Moved up."),
    ),
    "down": (
        lambda by, district, listing: services.move_featured_listing(
            by=by, district=district, listing=listing, offset=1
        ),
        gettext_lazy("Moved down."),
    ),
    "remove": (
        lambda by, district, listing: services.unfeature_listing(
            by=by, district=district, listing=listing
        ),
        gettext_lazy("No longer featured."),
    ),
}


@curator_required
@require_POST
def district_featured_action(
    request: HttpRequest, slug: str, listing_pk: int, action: str
) -> HttpResponse:
    if action not in FEATURED_ACTIONS:
        raise Http404
    district = district_selectors.district_for_curators(slug=slug)
    listing = get_object_or_404(Listing, pk=listing_pk, features__district=district)
    call, done = FEATURED_ACTIONS[action]
    _run(request, lambda: call(request.user, district, listing), str(done))
    return redirect("curation:district-story", slug=district.slug)


# --- ODOP products -------------------------------------------------------------------------


def _odop_product(pk: int) -> OdopProduct:
    return get_object_or_404(
        OdopProduct.objects.select_related("district__state", "category", "hero_photo"), pk=pk
    )


def _odop_product_page(
    request: HttpRequest,
    product: OdopProduct,
    *,
    form: story_forms.OdopProductStoryForm | None = None,
    hero_form: story_forms.HeroPhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    initial = {field: getattr(product, field) for field in catalog_services.STORY_FIELDS}
    return render(
        request,
        "curation/odop_product_story.html",
        {
            "product": product,
            "form": form or story_forms.OdopProductStoryForm(initial=initial),
            "hero_form": hero_form or story_forms.HeroPhotoForm(),
        },
        status=status,
    )


@curator_required
def odop_product_story(request: HttpRequest, pk: int) -> HttpResponse:
    product = _odop_product(pk)
    if request.method != "POST":
        return _odop_product_page(request, product)
    form = story_forms.OdopProductStoryForm(request.POST)
    if not form.is_valid():
        return _odop_product_page(request, product, form=form, status=400)
    services.edit_odop_product_story(by=request.user, product=product, data=form.cleaned_data)
    messages.success(request, _("Story saved."))
    return redirect("curation:odop-product-story", pk=product.pk)


@curator_required
@require_POST
def odop_product_hero(request: HttpRequest, pk: int) -> HttpResponse:
    product = _odop_product(pk)
    return _hero_photo(
        request,
        product,
        reverse("curation:odop-product-story", kwargs={"pk": product.pk}),
        lambda form: _odop_product_page(request, product, hero_form=form, status=400),
    )


# --- Producer stories ----------------------------------------------------------------------


@curator_required
def producer_stories(request: HttpRequest) -> HttpResponse:
    page = Paginator(seller_selectors.pending_producer_stories(), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "curation/producer_stories.html",
        {"page": page, "reject_form": ReasonForm()},
    )


@curator_required
@require_POST
def producer_stories_bulk(request: HttpRequest) -> HttpResponse:
    """Publish, or reject with one reason, the ticked stories; each in its own transaction."""
    action = request.POST.get("action")
    if action not in ("publish", "reject"):
        raise Http404
    stories = ticked(request, seller_selectors.pending_producer_stories())
    # A ticked story another curator decided meanwhile is left out, not an error.
    data = request.POST.copy()
    data.setlist("ids", [str(story.pk) for story in stories])
    form = BulkSelectionForm(data, allowed_ids=[story.pk for story in stories])
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("curation:producer-stories")
    reason = form.cleaned_data["reason"]
    if action == "reject" and not reason:
        messages.error(request, _("Please give a reason the sellers can act on."))
        return redirect("curation:producer-stories")
    chosen = [story for story in stories if story.pk in form.cleaned_data["ids"]]
    if action == "publish":
        apply_to_each(
            request,
            chosen,
            lambda story: services.publish_producer_story(by=request.user, story=story),
        )
    else:
        apply_to_each(
            request,
            chosen,
            lambda story: services.reject_producer_story(
                by=request.user, story=story, reason=reason
            ),
        )
    return redirect("curation:producer-stories")


def _pending_story(pk: int) -> ProducerStory:
    return get_object_or_404(ProducerStory.objects.select_related("seller"), pk=pk)


@curator_required
@require_POST
def producer_story_publish(request: HttpRequest, pk: int) -> HttpResponse:
    story = _pending_story(pk)
    _run(
        request,
        lambda: services.publish_producer_story(by=request.user, story=story),
        _("Published: it shows on the district storefront and the seller's listings."),
    )
    return redirect("curation:producer-stories")


@curator_required
@require_POST
def producer_story_reject(request: HttpRequest, pk: int) -> HttpResponse:
    story = _pending_story(pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.reject_producer_story(
                by=request.user, story=story, reason=form.cleaned_data["reason"]
            ),
            _("Not published; the seller sees your reason."),
        )
    else:
        _form_errors(request, form)
    return redirect("curation:producer-stories")
