"""Returns after delivery: the buyer asks, the seller decides, a curator settles disputes.

requested → accepted | rejected; rejected → disputed → accepted (a curator overrules) or
rejected (upheld); accepted → pickup (courier, tracking) → received; withdrawn by the buyer
before pickup. Every move is one conditional UPDATE (WHERE status = what it was), so a double
click or two curators at once act once, and one ReturnStatusChange row records it.

On receipt, in one transaction: a credit note for the returned units, a refund of their price,
and the stock back only if the seller says the units can be sold again.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from catalog.images import (
    CleanImage,
    PhotoStatus,
    publish_processed_upload,
    store_raw_upload,
)

from ..errors import ReturnNotAllowed
from ..models import (
    Order,
    OrderLine,
    Refund,
    ReturnPhoto,
    ReturnRequest,
    ReturnStatusChange,
    Shipment,
)
from . import credit_notes, notifications, refunds, stock

R = ReturnRequest.Status
MAX_RETURN_PHOTOS = 3
# Requests whose units are spoken for: a rejected one may still be disputed.
OPEN = frozenset({R.REQUESTED, R.ACCEPTED, R.REJECTED, R.DISPUTED, R.PICKUP_SCHEDULED})
# The buyer may withdraw until the courier has come for the parcel.
WITHDRAWABLE = frozenset({R.REQUESTED, R.ACCEPTED, R.REJECTED, R.DISPUTED})


def window_days(line: OrderLine) -> int:
    """Days after delivery the line may be returned: its category's setting, else the default
    (0 means the category takes no returns). Uses `line.listing.category` (select it)."""
    slug = line.listing.category.slug
    return settings.RETURN_WINDOW_DAYS_BY_CATEGORY.get(slug, settings.RETURN_WINDOW_DAYS)


def return_deadline(*, line: OrderLine, shipment: Shipment) -> datetime | None:
    """The last moment a return may be asked for; None before delivery or with no returns."""
    days = window_days(line)
    if shipment.delivered_at is None or days <= 0:
        return None
    return shipment.delivered_at + timedelta(days=days)


def open_quantity(line: OrderLine) -> int:
    """Units of the line in requests not yet received, withdrawn or closed."""
    return (
        ReturnRequest.objects.filter(line=line, status__in=OPEN).aggregate(q=Sum("quantity"))["q"]
        or 0
    )


def returnable_quantity(*, line: OrderLine, open_units: int) -> int:
    return max(0, line.quantity - line.returned_quantity - open_units)


def refusal(
    *, line: OrderLine, shipment: Shipment, open_units: int, now: datetime | None = None
) -> str:
    """Why the line cannot be returned now, or "" when it can."""
    if shipment.status != Shipment.Status.DELIVERED or shipment.delivered_at is None:
        return _("Only delivered items can be returned.")
    days = window_days(line)
    if days <= 0:
        return _("Items of this category cannot be returned.")
    deadline = return_deadline(line=line, shipment=shipment)
    if deadline is not None and (now or timezone.now()) > deadline:
        return _("The return window of %(days)d days after delivery closed on %(date)s.") % {
            "days": days,
            "date": timezone.localtime(deadline).strftime("%d %b %Y"),
        }
    if returnable_quantity(line=line, open_units=open_units) <= 0:
        return _("Every unit of this item is already returned or in a return request.")
    return ""


def _move(
    *,
    return_request: ReturnRequest,
    allowed_from: frozenset[str],
    to: str,
    by: User | None,
    note: str = "",
    **fields: object,
) -> str:
    """Move the request once if it is in one of `allowed_from`; returns the status it had.

    The conditional UPDATE makes a second, concurrent move fail instead of repeating its effects.
    """
    current = (
        ReturnRequest.objects.filter(pk=return_request.pk).values_list("status", flat=True).get()
    )
    if current not in allowed_from:
        raise ReturnNotAllowed(
            _("This return is “%(status)s” and cannot become “%(to)s”.")
            % {"status": R(current).label, "to": R(to).label}
        )
    updated = ReturnRequest.objects.filter(pk=return_request.pk, status=current).update(
        status=to, **fields
    )
    if not updated:
        raise ReturnNotAllowed(_("Someone else changed this return just now; reload the page."))
    ReturnStatusChange.objects.create(
        return_request=return_request, from_status=current, to_status=to, by=by, note=note[:300]
    )
    return_request.refresh_from_db()
    return current


# --- Buyer ----------------------------------------------------------------------------------


@transaction.atomic
def request_return(
    *,
    line: OrderLine,
    buyer: User,
    quantity: int,
    reason: str,
    details: str = "",
    refund_to: str = "",
    photos: list[CleanImage] | None = None,
) -> ReturnRequest:
    """Ask to return `quantity` units of a delivered line within its window; the refund value is
    the unit price × quantity. Cash on delivery needs a bank account or UPI id for the refund."""
    # Lock the shipment so two requests for the same line cannot both take the last units.
    Shipment.objects.select_for_update().filter(pk=line.shipment_id).values_list("pk").get()
    shipment = Shipment.objects.select_related("order").get(pk=line.shipment_id, order__buyer=buyer)
    line = OrderLine.objects.select_related("listing__category").get(pk=line.pk)
    open_units = open_quantity(line)
    why = refusal(line=line, shipment=shipment, open_units=open_units)
    if why:
        raise ReturnNotAllowed(why)
    left = returnable_quantity(line=line, open_units=open_units)
    if not 1 <= quantity <= left:
        raise ReturnNotAllowed(
            _("You can return between 1 and %(left)d of this item.") % {"left": left}
        )
    if reason not in ReturnRequest.Reason.values:
        raise ReturnNotAllowed(_("Choose a reason from the list."))
    photos = photos or []
    if len(photos) > MAX_RETURN_PHOTOS:
        raise ReturnNotAllowed(_("Choose at most %(max)d photos.") % {"max": MAX_RETURN_PHOTOS})
    is_cod = shipment.order.payment_method == Order.PaymentMethod.COD
    if is_cod and not refund_to.strip():
        raise ReturnNotAllowed(
            _(
                "Give a bank account and IFSC, or a UPI id, for the refund of a cash-on-delivery order."
            )
        )
    return_request = ReturnRequest.objects.create(
        shipment=shipment,
        line=line,
        buyer=buyer,
        quantity=quantity,
        reason=reason,
        details=details.strip()[:1000],
        refund_to=refund_to.strip() if is_cod else "",
        amount=line.unit_price * quantity,
    )
    ReturnStatusChange.objects.create(
        return_request=return_request, from_status="", to_status=R.REQUESTED, by=buyer
    )
    for photo in photos:
        item = ReturnPhoto(return_request=return_request)
        store_raw_upload(item, photo)  # raw and private until the worker cleans it
        item.save()
        if item.is_processing:
            from ..tasks import process_return_photo  # tasks import services

            process_return_photo.delay_on_commit(item.pk)
    notifications.return_requested(return_request=return_request)
    return return_request


@transaction.atomic
def withdraw_return(*, return_request: ReturnRequest, by: User) -> ReturnRequest:
    """The buyer takes the request back before pickup; its units may be asked for again."""
    _move(return_request=return_request, allowed_from=WITHDRAWABLE, to=R.WITHDRAWN, by=by)
    return return_request


@transaction.atomic
def dispute_return(*, return_request: ReturnRequest, by: User, reason: str) -> ReturnRequest:
    """The buyer disagrees with the seller's rejection; a curator decides."""
    reason = reason.strip()
    if not reason:
        raise ReturnNotAllowed(_("Say why you disagree with the seller."))
    return_request.refresh_from_db()
    if return_request.dispute_reason:
        raise ReturnNotAllowed(_("A curator has already decided this dispute."))
    _move(
        return_request=return_request,
        allowed_from=frozenset({R.REJECTED}),
        to=R.DISPUTED,
        by=by,
        note=reason,
        dispute_reason=reason[:300],
    )
    notifications.return_changed(return_request=return_request)
    return return_request


# --- Seller ---------------------------------------------------------------------------------


@transaction.atomic
def accept_return(*, return_request: ReturnRequest, by: User) -> ReturnRequest:
    _move(
        return_request=return_request,
        allowed_from=frozenset({R.REQUESTED}),
        to=R.ACCEPTED,
        by=by,
        decided_at=timezone.now(),
    )
    notifications.return_changed(return_request=return_request)
    return return_request


@transaction.atomic
def reject_return(*, return_request: ReturnRequest, by: User, reason: str) -> ReturnRequest:
    reason = reason.strip()
    if not reason:
        raise ReturnNotAllowed(_("Give the buyer a reason for rejecting the return."))
    _move(
        return_request=return_request,
        allowed_from=frozenset({R.REQUESTED}),
        to=R.REJECTED,
        by=by,
        note=reason,
        decision_reason=reason[:300],
        decided_at=timezone.now(),
    )
    notifications.return_changed(return_request=return_request)
    return return_request


@transaction.atomic
def book_pickup(
    *, return_request: ReturnRequest, by: User, courier: str, tracking_number: str
) -> ReturnRequest:
    """The seller booked a reverse pickup for an accepted return."""
    courier, tracking_number = courier.strip(), tracking_number.strip()
    if not (courier and tracking_number):
        raise ReturnNotAllowed(_("Give the courier and the tracking number of the pickup."))
    _move(
        return_request=return_request,
        allowed_from=frozenset({R.ACCEPTED}),
        to=R.PICKUP_SCHEDULED,
        by=by,
        note=f"{courier} {tracking_number}",
        pickup_courier=courier[:80],
        pickup_tracking=tracking_number[:60],
    )
    notifications.return_changed(return_request=return_request)
    return return_request


@transaction.atomic
def receive_return(*, return_request: ReturnRequest, by: User, resaleable: bool) -> ReturnRequest:
    """The seller has the parcel back: credit note, refund and (if resaleable) stock, once."""
    # Same lock as request_return and issue_credit_note's callers: one line's notes in order.
    Shipment.objects.select_for_update().filter(pk=return_request.shipment_id).values_list(
        "pk"
    ).get()
    shipment = Shipment.objects.select_related("order", "seller", "invoice", "place_of_supply").get(
        pk=return_request.shipment_id
    )
    now = timezone.now()
    _move(
        return_request=return_request,
        allowed_from=frozenset({R.PICKUP_SCHEDULED}),
        to=R.RECEIVED,
        by=by,
        note=_("Back in stock") if resaleable else _("Not resaleable"),
        resaleable=resaleable,
        received_at=now,
    )
    line = OrderLine.objects.get(pk=return_request.line_id)
    note = credit_notes.issue_credit_note(
        shipment=shipment,
        items=[(line, return_request.quantity)],
        reason=_("Return: %(reason)s") % {"reason": return_request.get_reason_display()},
        return_request=return_request,
    )
    if resaleable:
        stock.release_stock(quantities={line.listing_id: return_request.quantity})
    refunds.request_refund(
        order=shipment.order,
        amount=note.total,
        reason=Refund.Reason.RETURNED,
        key=f"return:{return_request.pk}",
        shipment=shipment,
        return_request=return_request,
        requested_by=by,
        payout_to=return_request.refund_to,
    )
    notifications.return_changed(return_request=return_request)
    return return_request


# --- Curators -------------------------------------------------------------------------------


def _decide_dispute(
    *, return_request: ReturnRequest, by: User, note: str, to: str, **fields: object
) -> None:
    """A curator's decision on a disputed rejection, with the note both sides will read."""
    _move(
        return_request=return_request,
        allowed_from=frozenset({R.DISPUTED}),
        to=to,
        by=by,
        note=note,
        curator_note=note[:300],
        **fields,
    )
    notifications.return_changed(return_request=return_request)


@transaction.atomic
def overrule_rejection(*, return_request: ReturnRequest, by: User, note: str) -> ReturnRequest:
    """A curator sides with the buyer: the return is accepted, the seller books the pickup."""
    note = note.strip()
    if not note:
        raise ReturnNotAllowed(_("Write down why the rejection is overruled."))
    _decide_dispute(
        return_request=return_request, by=by, note=note, to=R.ACCEPTED, decided_at=timezone.now()
    )
    notifications.return_overruled(return_request=return_request)
    return return_request


@transaction.atomic
def uphold_rejection(*, return_request: ReturnRequest, by: User, note: str) -> ReturnRequest:
    """A curator sides with the seller: the rejection stands, and cannot be disputed again."""
    note = note.strip()
    if not note:
        raise ReturnNotAllowed(_("Write down why the rejection is upheld."))
    _decide_dispute(return_request=return_request, by=by, note=note, to=R.REJECTED)
    return return_request


def process_return_photo(*, photo_id: int) -> bool:
    """Worker: decode the buyer's raw upload, re-encode it without metadata, make it visible to
    the seller and curators; a file that does not decode is marked failed and never shown."""
    return publish_processed_upload(ReturnPhoto.all_objects, photo_id) == PhotoStatus.READY
