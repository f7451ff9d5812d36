"""A listing's life: a seller creates and edits it, submits, pauses and resumes it; a curator
approves or rejects it and verifies its GI claim. Each public function is one transaction.

The seller's own state is read through the listing's foreign key (is it verified, suspended?),
so this module needs nothing from the sellers app.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from odop_bazaar.status_history import queue_seller_email

from .. import emails
from ..errors import (
    ProfileLocked,
    ReasonRequired,
    SellerNotVerified,
    StockChanged,
    TransitionNotAllowed,
    UnknownHsnCode,
)
from ..gst_rules import rate_for
from ..models import Listing, ListingStatusChange
from ..page_scopes import listings_changed
from .search_index import refresh_search_index

if TYPE_CHECKING:
    from sellers.models import Seller

L = Listing.Status
LISTING_TRANSITIONS: dict[str, set[str]] = {
    L.DRAFT: {L.SUBMITTED},
    L.SUBMITTED: {L.LIVE, L.REJECTED},
    L.LIVE: {L.PAUSED, L.SUBMITTED, L.REJECTED},  # SUBMITTED: edited, back for review
    L.PAUSED: {L.LIVE, L.SUBMITTED},
    L.REJECTED: {L.SUBMITTED},
}
# Changing what a buyer reads or sees sends a live listing back for review; price, MRP,
# stock and weight change at once, so a seller can keep stock right from a phone.
REVIEWED_FIELDS = {
    "title",
    "description",
    "odop_product",
    "category",
    "hsn_code",
    "country_of_origin",
    "gi_authorised_user_number",
}
SEARCHED_FIELDS = {"title", "description", "odop_product", "category"}
EDITABLE_FIELDS = REVIEWED_FIELDS | {"price", "mrp", "stock", "weight_grams"}
CONTENT_COLUMNS = sorted(EDITABLE_FIELDS - {"stock"})


def gst_rate_for(*, hsn_code: str, price: Decimal) -> Decimal:
    """The listing's GST rate today: it follows the HSN code and the price, never a pick."""
    rate = rate_for(hsn_code, price)
    if rate is None:
        raise UnknownHsnCode(
            _("ODOP Bazaar has no GST rate for HSN code %(code)s.") % {"code": hsn_code}
        )
    return rate


def storefront_changed(listing: Listing) -> None:
    """Cached pages showing this listing are stale after commit.

    Conditional UPDATEs and bulk_update send no post_save signal, so the page cache's own
    invalidation does not see them.
    """
    listings_changed(listing_ids=[listing.pk])


def transition(*, listing: Listing, to: str, by: User | None, reason: str = "") -> Listing:
    """Caller holds the transaction. Checks the table, updates conditionally, writes history."""
    current = Listing.objects.values_list("status", flat=True).get(pk=listing.pk)
    if to not in LISTING_TRANSITIONS.get(current, set()):
        raise TransitionNotAllowed(L(current).label, L(to).label)
    fields: dict[str, Any] = {"status": to, "updated_at": timezone.now()}
    if to == L.REJECTED:
        fields["rejection_reason"] = reason
    elif to in (L.LIVE, L.SUBMITTED):
        fields["rejection_reason"] = ""
    if not Listing.objects.filter(pk=listing.pk, status=current).update(**fields):
        raise TransitionNotAllowed(L(current).label, L(to).label)
    change = ListingStatusChange.objects.create(
        listing=listing, from_status=current, to_status=to, changed_by=by, reason=reason
    )
    if current == L.SUBMITTED and to in (L.LIVE, L.REJECTED):  # a curator's decision
        queue_seller_email(change, emails.DECISION_KIND)
    storefront_changed(listing)
    for field, value in fields.items():
        setattr(listing, field, value)
    return listing


def check_can_manage(seller: "Seller") -> None:
    """A suspended seller's listings (and their photos) cannot change."""
    if seller.is_suspended:
        raise ProfileLocked(_("Your seller account is suspended: listings cannot change."))


def _check_verified(seller: "Seller") -> None:
    if not seller.is_verified:
        raise SellerNotVerified(
            _("Only verified sellers can send listings for review. Please wait for verification.")
        )


@transaction.atomic
def create_listing(*, seller: "Seller", data: dict[str, Any]) -> Listing:
    """A new draft listing of the seller's district; the seller submits it when ready."""
    check_can_manage(seller)
    values = {field: data[field] for field in EDITABLE_FIELDS if field in data}
    if values.get("gi_authorised_user_number") and not values["odop_product"].is_gi_tagged:
        values["gi_authorised_user_number"] = ""
    values["gst_rate"] = gst_rate_for(hsn_code=values["hsn_code"], price=values["price"])
    listing = Listing.objects.create(
        seller=seller, district_id=seller.district_id, status=L.DRAFT, **values
    )
    refresh_search_index(listing_ids=[listing.pk])
    return listing


@transaction.atomic
def update_listing(
    *,
    listing: Listing,
    by: User,
    data: dict[str, Any],
    shown_stock: int | None = None,
    expected_stock: int | None = None,
) -> Listing:
    """Save the seller's edits; content edits of a live or paused listing go back to review.

    Stock is never written back from a figure that sales may have changed meanwhile:
    - `shown_stock` (the edit page's figure): the seller's change is applied relative to the
      stock now, current + (typed - shown); typed == shown writes nothing;
    - `expected_stock` (the API): `stock` is set only if the stock still is the expected one;
    - neither: `stock` is set as given (a plain API PATCH: last write wins).
    A refused change raises StockChanged with the figure now; nothing of the edit is saved.
    """
    check_can_manage(listing.seller)
    listing = Listing.objects.select_for_update().select_related("odop_product").get(pk=listing.pk)
    changed = {
        field
        for field in EDITABLE_FIELDS - {"stock"}
        if field in data and getattr(listing, field) != data[field]
    }
    for field in changed:
        setattr(listing, field, data[field])
    if changed & {"hsn_code", "price"}:
        listing.gst_rate = gst_rate_for(hsn_code=listing.hsn_code, price=listing.price)
    if not listing.odop_product.is_gi_tagged:
        listing.gi_authorised_user_number = ""
    if changed & {"gi_authorised_user_number", "odop_product"}:
        listing.gi_verified_at = None  # a new claim needs a new check by a curator
    # Every column but stock: a sale may have taken stock since this row was read.
    listing.save(update_fields=[*CONTENT_COLUMNS, "gst_rate", "gi_verified_at", "updated_at"])
    if "stock" in data:
        _write_stock(
            listing=listing,
            typed=data["stock"],
            shown_stock=shown_stock,
            expected_stock=expected_stock,
        )
    if changed & SEARCHED_FIELDS:
        refresh_search_index(listing_ids=[listing.pk])
    if changed & REVIEWED_FIELDS and listing.status in (L.LIVE, L.PAUSED):
        transition(listing=listing, to=L.SUBMITTED, by=by, reason=_("Edited by the seller."))
    return listing


def _write_stock(
    *, listing: Listing, typed: int, shown_stock: int | None, expected_stock: int | None
) -> None:
    """Caller holds the transaction. One conditional UPDATE, as checkout's reserve_stock does."""
    rows = Listing.objects.filter(pk=listing.pk)
    if shown_stock is not None:
        change = typed - shown_stock
        if change == 0:
            return  # the seller left stock alone: sales since the page opened stand
        updated = rows.filter(stock__gte=-change).update(stock=F("stock") + change)
    elif expected_stock is not None:
        updated = rows.filter(stock=expected_stock).update(stock=typed)
    else:
        updated = rows.update(stock=typed)
    stock = rows.values_list("stock", flat=True).get()
    if not updated:
        raise StockChanged(stock)
    listing.stock = stock
    storefront_changed(listing)


@transaction.atomic
def submit_listing(*, listing: Listing, by: User) -> Listing:
    """Send a draft or rejected listing to the curators; only verified sellers may."""
    _check_verified(listing.seller)
    return transition(listing=listing, to=L.SUBMITTED, by=by)


@transaction.atomic
def pause_listing(*, listing: Listing, by: User) -> Listing:
    """Take a live listing off the storefront for a while."""
    return transition(listing=listing, to=L.PAUSED, by=by)


@transaction.atomic
def resume_listing(*, listing: Listing, by: User) -> Listing:
    """Put a paused (already approved) listing back on the storefront."""
    _check_verified(listing.seller)
    return transition(listing=listing, to=L.LIVE, by=by)


@transaction.atomic
def approve_listing(*, listing: Listing, by: User) -> Listing:
    """A curator puts a submitted listing live; the storefront shows it at once."""
    return transition(listing=listing, to=L.LIVE, by=by)


@transaction.atomic
def reject_listing(*, listing: Listing, by: User, reason: str) -> Listing:
    """A curator refuses a submitted listing (or takes down a live one), with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Please give a reason the seller can act on."))
    return transition(listing=listing, to=L.REJECTED, by=by, reason=reason)


@transaction.atomic
def verify_gi_claim(*, listing: Listing, by: User) -> Listing:
    """A curator confirms the seller's GI authorised-user number; the badge shows from now."""
    listing = Listing.objects.select_for_update().select_related("odop_product").get(pk=listing.pk)
    if not (listing.odop_product.is_gi_tagged and listing.gi_authorised_user_number):
        raise ReasonRequired(_("This listing makes no GI claim to verify."))
    listing.gi_verified_at = timezone.now()
    listing.save(update_fields=["gi_verified_at", "updated_at"])
    ListingStatusChange.objects.create(
        listing=listing,
        from_status=listing.status,
        to_status=listing.status,
        changed_by=by,
        reason=_("GI authorised-user number %(number)s verified.")
        % {"number": listing.gi_authorised_user_number},
    )
    return listing


@transaction.atomic
def reject_gi_claim(*, listing: Listing, by: User, reason: str) -> Listing:
    """A curator refuses the seller's GI authorised-user number: it is cleared (no badge), and
    the reason goes into the listing's history; the seller may enter a correct number."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Please give a reason the seller can act on."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    number = listing.gi_authorised_user_number
    if not number or listing.gi_verified_at is not None:
        raise ReasonRequired(_("This listing has no GI claim waiting for a check."))
    listing.gi_authorised_user_number = ""
    listing.save(update_fields=["gi_authorised_user_number", "updated_at"])
    change = ListingStatusChange.objects.create(
        listing=listing,
        from_status=listing.status,
        to_status=listing.status,
        changed_by=by,
        reason=_("GI authorised-user number %(number)s refused: %(reason)s")
        % {"number": number, "reason": reason},
    )
    queue_seller_email(change, emails.GI_REFUSED_KIND)
    storefront_changed(listing)
    return listing
