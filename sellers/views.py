"""Seller pages: /sell/ and onboarding, the dashboard, listings and KYC documents."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from catalog import services as catalog_services
from catalog.errors import StockChanged
from districts.models import District
from odop_bazaar import header
from odop_bazaar.errors import DomainError
from odop_bazaar.pagination import paginate

from . import forms, selectors, services
from .access import (
    get_own_document_or_404,
    get_own_listing_image_or_404,
    get_own_listing_or_404,
    get_readable_document_or_404,
)
from .models import Seller
from .services.onboarding import PROFILE_FIELDS

View = Callable[..., HttpResponse]


def seller_required(view: View) -> View:
    """Logged in and with a seller profile (as request.seller); others go to /sell/."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seller = selectors.seller_for_user(user=request.user)
        if seller is None:
            messages.info(request, _("Tell us about yourself first to sell on ODOP Bazaar."))
            return redirect("sellers:sell")
        request.seller = seller  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


# --- /sell/ and onboarding ----------------------------------------------------------------


def _chosen_district(request: HttpRequest) -> District | None:
    """The district a "Sell from <district>" link names (?district=<slug>), if it exists."""
    slug = request.GET.get("district", "")[:120]
    return District.objects.filter(slug=slug).first() if slug else None


def sell(request: HttpRequest) -> HttpResponse:
    seller = selectors.seller_for_user(user=request.user)
    progress = selectors.onboarding_progress(seller=seller) if seller else None
    district = _chosen_district(request)
    onboarding_url = reverse("sellers:onboarding")
    if district is not None:
        onboarding_url += "?" + urlencode({"district": district.slug})
    return render(
        request,
        "sellers/sell.html",
        {
            "seller": seller,
            "progress": progress,
            "district": district,
            "onboarding_url": onboarding_url,
        },
    )


STEP_FORMS = {
    "address": forms.AddressForm,
    "tax": forms.TaxForm,
    "bank": forms.BankForm,
}


def _next_url(seller: Seller) -> str:
    step = selectors.onboarding_progress(seller=seller).next_step
    if step is None:
        return reverse("sellers:onboarding-review")
    return reverse("sellers:onboarding-step", kwargs={"step": step})


@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Resume where the seller stopped: the first step not yet done."""
    seller = selectors.seller_for_user(user=request.user)
    if seller is None:
        about = reverse("sellers:onboarding-step", kwargs={"step": "about"})
        district = _chosen_district(request)
        if district is not None:
            about += "?" + urlencode({"district": district.slug})
        return redirect(about)
    if not seller.can_edit_profile:
        return redirect("sellers:dashboard")
    return redirect(_next_url(seller))


@login_required
def onboarding_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in selectors.STEP_SLUGS:
        raise Http404
    seller = selectors.seller_for_user(user=request.user)
    if seller is None and step != "about":
        return redirect("sellers:onboarding-step", step="about")
    if seller is not None and not seller.can_edit_profile:
        messages.info(request, _("Your details are with the curators or verified already."))
        return redirect("sellers:dashboard")
    if step == "products":
        form = forms.ProductsForm(
            request.POST or None,
            seller=seller,
            initial={"odop_products": list(seller.odop_products.all())},
        )
    elif step == "documents":
        return _documents_step(request, seller)
    elif step == "about":
        chosen = _chosen_district(request) if seller is None else None
        form = forms.AboutForm(
            request.POST or None,
            instance=seller,
            district_query=request.GET.get("district_q", "")[:60],
            initial={"district": chosen} if chosen else None,
        )
    else:
        form = STEP_FORMS[step](request.POST or None, instance=seller)
    if request.method == "POST" and form.is_valid():
        try:
            if seller is None:
                seller = services.start_onboarding(user=request.user, **form.cleaned_data)
                header.remember_seller(request)  # "Seller dashboard" in the header from now on
            elif step == "products":
                services.update_profile(
                    seller=seller, data={}, odop_products=form.cleaned_data["odop_products"]
                )
            else:
                data = {
                    name: value
                    for name, value in form.cleaned_data.items()
                    if name in PROFILE_FIELDS
                }
                seller = services.update_profile(seller=seller, data=data)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("sellers:dashboard")
        messages.success(request, _("Saved. You can stop here and come back later."))
        return redirect(_next_url(seller))
    return _render_step(request, seller, step, form)


def _render_step(
    request: HttpRequest, seller: Seller | None, step: str, form: Any, **extra: Any
) -> HttpResponse:
    progress = selectors.onboarding_progress(seller=seller)
    current = next(s for s in progress.steps if s.slug == step)
    return render(
        request,
        "sellers/onboarding_step.html",
        {"seller": seller, "progress": progress, "step": current, "form": form, **extra},
    )


def _documents_step(request: HttpRequest, seller: Seller) -> HttpResponse:
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                seller=seller,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                content_type=form.content_type,
            )
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("sellers:dashboard")
        messages.success(request, _("Document saved. Add another, or continue."))
        return redirect("sellers:onboarding-step", step="documents")
    return _render_step(request, seller, "documents", form, documents=list(seller.documents.all()))


@login_required
def onboarding_review(request: HttpRequest) -> HttpResponse:
    """Everything the seller gave, masked where private, and the button to submit it."""
    seller = selectors.seller_for_user(user=request.user)
    if seller is None:
        return redirect("sellers:onboarding-step", step="about")
    if request.method == "POST":
        try:
            services.submit_for_verification(seller=seller, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("sellers:onboarding-review")
        messages.success(request, _("Thank you! A curator will check your details soon."))
        return redirect("sellers:dashboard")
    return render(request, "sellers/profile.html", _profile_context(seller))


def _profile_context(seller: Seller) -> dict[str, Any]:
    return {
        "seller": seller,
        "progress": selectors.onboarding_progress(seller=seller),
        "products": list(seller.odop_products.all()),
        "documents": list(seller.documents.all()),
        "history": list(seller.status_changes.select_related("changed_by")),
        **_change_context(seller),
    }


@seller_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "sellers/profile.html", _profile_context(request.seller))


CHANGE_KINDS = ("bank", "address")


def _change_context(seller: Seller, **bound: Any) -> dict[str, Any]:
    """A verified seller's requests and the forms to ask for a change of bank or address."""
    if seller.status not in (Seller.Status.VERIFIED, Seller.Status.SUSPENDED):
        return {}  # only a verified seller asks, so no other has requests
    if not seller.is_verified:
        return {"change_requests": list(seller.change_requests.all()[:10])}
    forms_by_kind = {
        kind: bound.get(kind) or forms.change_request_form(kind, seller) for kind in CHANGE_KINDS
    }
    return {
        "change_requests": list(seller.change_requests.all()[:10]),
        "bank_change_form": forms_by_kind["bank"],
        "address_change_form": forms_by_kind["address"],
    }


@require_POST
@seller_required
def change_request(request: HttpRequest, kind: str) -> HttpResponse:
    """A verified seller asks the curators to change its bank account or address."""
    if kind not in CHANGE_KINDS:
        raise Http404
    seller = request.seller
    form = forms.change_request_form(kind, seller, request.POST)
    if form.is_valid():
        try:
            services.request_change(seller=seller, kind=kind, values=form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Sent to the curators. You will see their answer here."))
        return redirect("sellers:profile")
    context = {**_profile_context(seller), **_change_context(seller, **{kind: form})}
    return render(request, "sellers/profile.html", context, status=400)


# Curators preview PDFs in an <iframe> on the review page: our own pages may frame it.
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A KYC document for its seller or a curator only; a download, or with ?inline=1 shown in
    the page (an image or a PDF: never sniffed as anything else, never cached)."""
    document = get_readable_document_or_404(user=request.user, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # the row outlived its file (restored backup, lost disk)
    response = FileResponse(
        handle,
        as_attachment=request.GET.get("inline") != "1",
        filename=f"{document.kind}-{document.pk}.{document.file.name.rsplit('.', 1)[-1]}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@seller_required
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_own_document_or_404(seller=request.seller, pk=pk)
    try:
        services.remove_document(document=document)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Document removed."))
    return redirect("sellers:onboarding-step", step="documents")


# --- Dashboard and listings -----------------------------------------------------------------


@seller_required
def dashboard(request: HttpRequest) -> HttpResponse:
    seller = request.seller
    page = paginate(request, selectors.seller_listings(seller=seller), per_page=50)
    return render(
        request,
        "sellers/dashboard.html",
        {
            "seller": seller,
            "page": page,
            "listings": page.object_list,
            "low_stock_count": selectors.low_stock_count(seller=seller),
        },
    )


@seller_required
def listing_create(request: HttpRequest) -> HttpResponse:
    seller = request.seller
    form = forms.ListingForm(request.POST or None, request.FILES or None, seller=seller)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photos", [])
        try:
            listing = catalog_services.create_listing(seller=seller, data=data)
            if photos:
                catalog_services.add_listing_photos(listing=listing, by=request.user, photos=photos)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Listing saved as a draft."))
            return redirect("sellers:listing-edit", pk=listing.pk)
    return render(request, "sellers/listing_form.html", {"form": form, "seller": seller})


@seller_required
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seller = request.seller
    listing = get_own_listing_or_404(seller=seller, pk=pk)
    form = forms.ListingForm(request.POST or None, instance=listing, seller=seller)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        shown_stock = data.pop("shown_stock")
        try:
            catalog_services.update_listing(
                listing=listing, by=request.user, data=data, shown_stock=shown_stock
            )
        except StockChanged as error:
            form.add_error("stock", str(error))
            form.show_current_stock(error.stock)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Listing saved."))
            return redirect("sellers:listing-edit", pk=listing.pk)
        listing.refresh_from_db()
    return render(
        request,
        "sellers/listing_form.html",
        {
            "form": form,
            "seller": seller,
            "listing": listing,
            "photos": selectors.listing_photos(listing=listing),
            "photos_form": forms.PhotosForm(),
            "max_photos": catalog_services.MAX_PHOTOS,
        },
    )


@require_POST
@seller_required
def listing_photos(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_own_listing_or_404(seller=request.seller, pk=pk)
    form = forms.PhotosForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            catalog_services.add_listing_photos(
                listing=listing, by=request.user, photos=form.cleaned_data["photos"]
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Photos added."))
    else:
        for error in form.errors.get("photos", []):
            messages.error(request, error)
    return redirect("sellers:listing-edit", pk=listing.pk)


PHOTO_ACTIONS: dict[str, Callable[..., None]] = {
    "main": lambda image: catalog_services.set_main_listing_photo(image=image),
    "up": lambda image: catalog_services.move_listing_photo(image=image, offset=-1),
    "down": lambda image: catalog_services.move_listing_photo(image=image, offset=1),
    "delete": lambda image: catalog_services.delete_listing_photo(image=image),
}


@require_POST
@seller_required
def listing_photo_action(request: HttpRequest, pk: int, image_pk: int, action: str) -> HttpResponse:
    if action not in PHOTO_ACTIONS:
        raise Http404
    image = get_own_listing_image_or_404(seller=request.seller, listing_pk=pk, pk=image_pk)
    try:
        PHOTO_ACTIONS[action](image)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("sellers:listing-edit", pk=pk)


# gettext_lazy: the message is translated when shown, in the seller's language, not at import.
LISTING_ACTIONS = {
    "submit": (catalog_services.submit_listing, gettext_lazy("Sent to the curators for review.")),
    "pause": (
        catalog_services.pause_listing,
        gettext_lazy("Paused: buyers no longer see this listing."),
    ),
    "resume": (catalog_services.resume_listing, gettext_lazy("Live again.")),
}


@require_POST
@seller_required
def listing_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in LISTING_ACTIONS:
        raise Http404
    listing = get_own_listing_or_404(seller=request.seller, pk=pk)
    service, done = LISTING_ACTIONS[action]
    try:
        service(listing=listing, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("sellers:dashboard")


# --- The producer story ----------------------------------------------------------------------


@seller_required
def producer_story(request: HttpRequest) -> HttpResponse:
    """The seller's own words and photo, sent to the curators with consent."""
    seller = request.seller
    story = selectors.producer_story_for(seller=seller)
    initial = {"text": story.text} if story else {}
    form = forms.ProducerStoryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_producer_story(seller=seller, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you! A curator will read your story soon."))
            return redirect("sellers:producer-story")
    return render(
        request,
        "sellers/producer_story.html",
        {"seller": seller, "story": story, "form": form},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_POST
@seller_required
def producer_story_withdraw(request: HttpRequest) -> HttpResponse:
    try:
        services.withdraw_producer_story_consent(seller=request.seller)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Consent withdrawn: your story is no longer shown anywhere, and its photo is deleted."
            ),
        )
    return redirect("sellers:producer-story")
