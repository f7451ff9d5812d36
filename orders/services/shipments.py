"""Shipment statuses move along one table; each move is recorded and notified."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import TransitionNotAllowed
from ..models import Order, Shipment, ShipmentStatusChange
from . import credit_notes, invoices, notifications, refunds, stock

S = Shipment.Status

# Which status may follow which; nothing else moves a shipment.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLACED: frozenset({S.ACCEPTED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.PACKED, S.CANCELLED}),
    S.PACKED: frozenset({S.DISPATCHED, S.CANCELLED}),
    # Cancelled after dispatch: the courier returned it undelivered (a credit note follows).
    S.DISPATCHED: frozenset({S.DELIVERED, S.CANCELLED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}
# What each side may do: the buyer may only cancel (and only before dispatch, per the table).
SELLER_MOVES = frozenset({S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED, S.CANCELLED})
BUYER_MOVES = frozenset({S.CANCELLED})


def allowed_next(status: str) -> frozenset[str]:
    return TRANSITIONS[status]


BEFORE_DISPATCH = frozenset({S.PLACED, S.ACCEPTED, S.PACKED})


def seller_actions(shipment: Shipment) -> list[str]:
    """The moves the seller's page offers for this shipment.

    Before payment a seller may only cancel, before dispatch, as the buyer may (the buyer is then
    asked to pay for the rest only).
    """
    if shipment.order.status == Order.Status.AWAITING_PAYMENT:
        return [S.CANCELLED] if shipment.status in BEFORE_DISPATCH else []
    if shipment.order.status != Order.Status.PLACED:
        return []
    return [s for s in S.values if s in TRANSITIONS[shipment.status] & SELLER_MOVES]


@transaction.atomic
def transition(
    *,
    shipment: Shipment,
    to: str,
    by: User | None,
    note: str = "",
    by_buyer: bool = False,
    **fields: object,
) -> Shipment:
    """Move the shipment to `to` if the table allows it from its current status, exactly once.

    The order row is locked first (payments lock it too), so a cancellation and a payment at
    the same moment settle one after the other. The conditional UPDATE (WHERE status = current)
    makes a concurrent second move fail with TransitionNotAllowed instead of repeating side
    effects such as returning stock or refunding.
    """
    order = Order.objects.select_for_update().get(pk=shipment.order_id)
    current = Shipment.objects.filter(pk=shipment.pk).values_list("status", flat=True).get()
    if to not in TRANSITIONS[current]:
        raise TransitionNotAllowed(
            _("A shipment that is %(current)s cannot become %(to)s.")
            % {"current": S(current).label.lower(), "to": S(to).label.lower()}
        )
    if to != S.CANCELLED and order.status != Order.Status.PLACED:
        raise TransitionNotAllowed(_("This order is not paid yet."))
    if by_buyer and current not in BEFORE_DISPATCH:
        raise TransitionNotAllowed(
            _("This shipment has left the seller; once delivered you can ask to return it.")
        )
    now = timezone.now()
    if to == S.DISPATCHED:
        fields["dispatched_at"] = now
    elif to == S.DELIVERED:
        fields["delivered_at"] = now
    if not _move(shipment_id=shipment.pk, current=current, to=to, fields=fields):
        raise TransitionNotAllowed(
            _("Someone else changed this shipment just now; reload the page.")
        )
    shipment.refresh_from_db()
    shipment.order = order
    change = ShipmentStatusChange.objects.create(
        shipment=shipment, from_status=current, to_status=to, by=by, note=note
    )
    if to == S.CANCELLED:
        _cancelled(shipment=shipment, order=order, was=current, by=by, now=now)
    elif to == S.DISPATCHED:
        invoices.issue_invoice(shipment=shipment)
    elif to == S.DELIVERED:
        _settle_cash_on_delivery(order_id=shipment.order_id, now=now)
    notifications.shipment_status_changed(shipment=shipment, change_id=change.pk, by_buyer=by_buyer)
    return shipment


def _move(*, shipment_id: int, current: str, to: str, fields: dict[str, object]) -> bool:
    """The conditional UPDATE that makes one move win: False if the status moved meanwhile."""
    return bool(Shipment.objects.filter(pk=shipment_id, status=current).update(status=to, **fields))


def _cancelled(*, shipment: Shipment, order: Order, was: str, by: User | None, now: object) -> None:
    """What a cancellation sets going, in its transaction: stock back, a credit note if the
    invoice was issued, a refund if it was paid online, and what the order still asks for."""
    lines = list(shipment.lines.all())
    stock.release_stock(quantities={line.listing_id: line.quantity for line in lines})
    if was == S.DISPATCHED:
        credit_notes.issue_credit_note(
            shipment=shipment,
            items=[(line, line.quantity - line.returned_quantity) for line in lines],
            reason=shipment.cancel_reason or _("Returned to the seller undelivered"),
        )
    credit_notes.refresh_payout(shipment=shipment)
    refunds.refund_cancelled_shipment(shipment=shipment, by=by)
    open_left = Shipment.objects.filter(order_id=order.pk).exclude(status=S.CANCELLED).exists()
    if order.status == Order.Status.AWAITING_PAYMENT and not open_left:
        # Every shipment was cancelled before payment: nothing is asked any more.
        Order.objects.filter(pk=order.pk, status=Order.Status.AWAITING_PAYMENT).update(
            status=Order.Status.CANCELLED, expires_at=None
        )
    _settle_cash_on_delivery(order_id=order.pk, now=now)


def _settle_cash_on_delivery(*, order_id: int, now: object) -> None:
    """Cash on delivery is paid once every shipment still going has been delivered."""
    shipments = Shipment.objects.filter(order_id=order_id)
    open_left = shipments.exclude(status__in=[S.DELIVERED, S.CANCELLED]).exists()
    delivered = shipments.filter(status=S.DELIVERED).exists()
    if not open_left and delivered:
        Order.objects.filter(
            pk=order_id, payment_method=Order.PaymentMethod.COD, is_paid=False
        ).update(is_paid=True, paid_at=now)


def seller_move(
    *,
    shipment: Shipment,
    to: str,
    by: User,
    courier: str = "",
    tracking_number: str = "",
    reason: str = "",
) -> Shipment:
    """A seller moves its own shipment: dispatch needs courier and tracking, cancel a reason."""
    if to not in SELLER_MOVES:
        raise TransitionNotAllowed(_("Sellers cannot do that."))
    if to == S.DISPATCHED and not (courier.strip() and tracking_number.strip()):
        raise TransitionNotAllowed(_("Give the courier and the tracking number to dispatch."))
    if to == S.CANCELLED and not reason.strip():
        raise TransitionNotAllowed(_("Give a reason for cancelling."))
    fields: dict[str, object] = {}
    if to == S.DISPATCHED:
        fields = {"courier": courier.strip(), "tracking_number": tracking_number.strip()}
    if to == S.CANCELLED:
        fields = {"cancel_reason": reason.strip()}
    return transition(shipment=shipment, to=to, by=by, note=reason.strip(), **fields)


def buyer_cancel(*, shipment: Shipment, by: User, reason: str = "") -> Shipment:
    """The buyer cancels a shipment before dispatch; its stock returns once, and a paid online
    shipment is refunded. Before payment the buyer is then asked for the rest only."""
    return transition(
        shipment=shipment,
        to=S.CANCELLED,
        by=by,
        note=reason.strip(),
        by_buyer=True,
        cancel_reason=reason.strip() or _("Cancelled by the buyer"),
    )
