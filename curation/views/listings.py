"""Listings: the moderation queue, the GI authorised-user claims, and a listing's review page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import Listing
from odop_bazaar.pagination import paginate

from .. import selectors
from ..access import curator_required
from ..queues import Queue, register
from ..services import listings as curate
from .actions import Action, bulk_action, item_action

register(
    Queue(
        key="listings",
        title=_("Listings to moderate"),
        url_name="curation:listing-queue",
        pending=selectors.listings_to_moderate,
    )
)
register(
    Queue(
        key="gi-claims",
        title=_("GI authorised-user claims"),
        url_name="curation:gi-queue",
        pending=selectors.gi_claims_to_check,
    )
)

APPROVE = Action(
    "approve",
    _("Approve"),
    lambda listing, by, reason: curate.approve_listing(listing=listing, by=by, reason=reason),
    done=_("Listing approved: it is on the storefront."),
)
REJECT = Action(
    "reject",
    _("Reject"),
    lambda listing, by, reason: curate.reject_listing(listing=listing, by=by, reason=reason),
    needs_reason=True,
    done=_("Listing sent back with your reason."),
    style="danger",
)
VERIFY_GI = Action(
    "gi-verify",
    _("Verify the GI claim"),
    lambda listing, by, reason: curate.verify_gi_claim(listing=listing, by=by, reason=reason),
    done=_("GI claim verified: the listing shows the GI badge."),
)
REJECT_GI = Action(
    "gi-reject",
    _("Refuse the GI claim"),
    lambda listing, by, reason: curate.reject_gi_claim(listing=listing, by=by, reason=reason),
    needs_reason=True,
    done=_("GI claim refused; the number is cleared and the seller sees your reason."),
    style="danger",
)


@curator_required
def listing_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.listings_to_moderate()
    bulk_actions = [APPROVE, REJECT]
    form, response = bulk_action(request, queue, bulk_actions)
    if response:
        return response
    page = paginate(request, queue, per_page=50)
    return render(
        request,
        "curation/listing_queue.html",
        {"page": page, "form": form, "bulk_actions": bulk_actions},
        status=400 if form.is_bound else 200,
    )


@curator_required
def gi_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.gi_claims_to_check()
    bulk_actions = [VERIFY_GI, REJECT_GI]
    form, response = bulk_action(request, queue, bulk_actions)
    if response:
        return response
    page = paginate(request, queue, per_page=50)
    return render(
        request,
        "curation/gi_queue.html",
        {"page": page, "form": form, "bulk_actions": bulk_actions},
        status=400 if form.is_bound else 200,
    )


def _actions(listing: Listing) -> list[Action]:
    actions = []
    if listing.status == Listing.Status.SUBMITTED:
        actions += [APPROVE, REJECT]
    has_claim = listing.odop_product.is_gi_tagged and listing.gi_authorised_user_number
    if has_claim and listing.gi_verified_at is None:
        actions += [VERIFY_GI, REJECT_GI]
    return actions


@curator_required
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A listing as a curator reviews it: photos, every field, the ODOP product and its GI
    status, the seller's other listings, the history."""
    listing = selectors.get_listing_or_404(pk)
    actions = _actions(listing)
    came_from_queue = listing.status == Listing.Status.SUBMITTED
    success_url = reverse("curation:listing-queue" if came_from_queue else "curation:gi-queue")
    outcome = item_action(request, listing, actions, success_url=success_url)
    if outcome.response:
        return outcome.response
    others, other_count = selectors.other_listings(listing)
    context = {
        "listing": listing,
        "images": list(listing.images.all()),
        "actions": [(action, outcome.forms[action.name]) for action in actions],
        "others": others,
        "other_count": other_count,
        "history": selectors.listing_history(listing),
    }
    return render(request, "curation/listing_detail.html", context, status=outcome.status)
