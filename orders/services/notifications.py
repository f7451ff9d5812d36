"""E-mails about orders: one Notification row per event and person, in the event's
transaction, with its outbox e-mail (the outbox sends, retries and shows failures)."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from outbox import services as outbox

from ..models import Notification, Order, Refund, ReturnRequest, ReturnStatusChange, Shipment

logger = logging.getLogger(__name__)
OUTBOX_KIND = "orders.notification"


class Event:
    ORDER_PLACED = "order_placed"
    NEW_ORDER = "new_order"  # to a seller
    SHIPMENT_STATUS = "shipment_status"
    SHIPMENT_CANCELLED_BY_BUYER = "cancelled_by_buyer"  # to a seller
    PAYMENT_RECEIVED = "payment_received"
    REFUND_REQUESTED = "refund_requested"  # to the buyer, and to the seller of a shipment
    REFUND_SETTLED = "refund_settled"  # processed or failed, to the buyer
    RETURN_REQUESTED = "return_requested"  # to the seller, and the buyer's receipt
    RETURN_STATUS = "return_status"  # each later step, to the buyer
    RETURN_OVERRULED = "return_overruled"  # a curator accepted a return the seller rejected


def _queue(
    *,
    key: str,
    recipient: User,
    event: str,
    order: Order,
    shipment: Shipment | None = None,
    **about: object,
) -> None:
    """Create the row unless this event was already recorded; send after commit.

    `about` names the refund or return the message is about (`refund=`, `return_request=`).
    """
    notification, created = Notification.objects.get_or_create(
        key=key,
        defaults={
            "recipient": recipient,
            "event": event,
            "order": order,
            "shipment": shipment,
            **about,
        },
    )
    if created:
        outbox.enqueue(key=key, kind=OUTBOX_KIND, object_id=notification.pk)


def _queue_many(notifications: list[Notification]) -> None:
    """Like _queue for several rows: a few queries in all, not three per row."""
    existing = set(
        Notification.objects.filter(key__in=[n.key for n in notifications]).values_list(
            "key", flat=True
        )
    )
    created = Notification.objects.bulk_create([n for n in notifications if n.key not in existing])
    outbox.enqueue_many(outbox.Message(n.key, OUTBOX_KIND, n.pk) for n in created)


def order_placed(*, order: Order) -> None:
    """Tell the buyer, and each seller about its shipment; caller is inside the order's transaction."""
    rows = [
        Notification(
            key=f"order-placed:{order.pk}",
            recipient=order.buyer,
            event=Event.ORDER_PLACED,
            order=order,
        )
    ]
    for shipment in order.shipments.select_related("seller__user"):
        rows.append(
            Notification(
                key=f"new-order:{shipment.pk}",
                recipient=shipment.seller.user,
                event=Event.NEW_ORDER,
                order=order,
                shipment=shipment,
            )
        )
    _queue_many(rows)


def payment_received(*, order: Order) -> None:
    _queue(
        key=f"payment-received:{order.pk}",
        recipient=order.buyer,
        event=Event.PAYMENT_RECEIVED,
        order=order,
    )


def shipment_status_changed(*, shipment: Shipment, change_id: int, by_buyer: bool) -> None:
    """Tell the buyer of every move; tell the seller when the buyer cancelled."""
    order = shipment.order
    _queue(
        key=f"shipment-status:{change_id}",
        recipient=order.buyer,
        event=Event.SHIPMENT_STATUS,
        order=order,
        shipment=shipment,
    )
    if by_buyer:
        _queue(
            key=f"cancelled-by-buyer:{change_id}",
            recipient=shipment.seller.user,
            event=Event.SHIPMENT_CANCELLED_BY_BUYER,
            order=order,
            shipment=shipment,
        )


def refund_requested(*, refund: Refund) -> None:
    """Tell the buyer how much comes back, to where and by when; tell the seller it is refunded."""
    order = refund.order
    _queue(
        key=f"refund-requested:{refund.pk}",
        recipient=order.buyer,
        event=Event.REFUND_REQUESTED,
        order=order,
        shipment=refund.shipment,
        refund=refund,
    )
    if refund.shipment is not None:
        _queue(
            key=f"refund-requested-seller:{refund.pk}",
            recipient=refund.shipment.seller.user,
            event=Event.REFUND_REQUESTED,
            order=order,
            shipment=refund.shipment,
            refund=refund,
        )


def refund_settled(*, refund: Refund) -> None:
    """The refund went through, or failed (and will be retried): one message per outcome."""
    _queue(
        key=f"refund-{refund.status}:{refund.pk}:{refund.attempts}",
        recipient=refund.order.buyer,
        event=Event.REFUND_SETTLED,
        order=refund.order,
        shipment=refund.shipment,
        refund=refund,
    )


def return_requested(*, return_request: ReturnRequest) -> None:
    """A new return: the seller is asked to decide, the buyer gets a receipt."""
    shipment = return_request.shipment
    for who, recipient in (("seller", shipment.seller.user), ("buyer", return_request.buyer)):
        _queue(
            key=f"return-requested-{who}:{return_request.pk}",
            recipient=recipient,
            event=Event.RETURN_REQUESTED,
            order=shipment.order,
            shipment=shipment,
            return_request=return_request,
        )


def return_changed(*, return_request: ReturnRequest) -> None:
    """Tell the buyer of a step of the return (one message per recorded move)."""
    change_id = return_request.history.order_by("-pk").values_list("pk", flat=True).first()
    shipment = return_request.shipment
    _queue(
        key=f"return-status:{return_request.pk}:{change_id}",
        recipient=return_request.buyer,
        event=Event.RETURN_STATUS,
        order=shipment.order,
        shipment=shipment,
        return_request=return_request,
    )


def return_overruled(*, return_request: ReturnRequest) -> None:
    """Tell the seller a curator accepted the return it rejected: the pickup is its to book."""
    shipment = return_request.shipment
    _queue(
        key=f"return-overruled:{return_request.pk}",
        recipient=shipment.seller.user,
        event=Event.RETURN_OVERRULED,
        order=shipment.order,
        shipment=shipment,
        return_request=return_request,
    )


def _return_step(notification: Notification) -> str:
    """The status a return message is about: the recorded move named in its key, since the
    return may have moved on by the time the message is sent."""
    return_request = notification.return_request
    if notification.event == Event.RETURN_STATUS:
        change_id = notification.key.rsplit(":", 1)[-1]
        if change_id.isdigit():
            status = (
                ReturnStatusChange.objects.filter(pk=int(change_id))
                .values_list("to_status", flat=True)
                .first()
            )
            if status:
                return status
    if notification.event == Event.RETURN_REQUESTED:
        return ReturnRequest.Status.REQUESTED
    return return_request.status


def _subject(notification: Notification) -> str:
    order = notification.order
    shipment = notification.shipment
    subjects = {
        Event.ORDER_PLACED: _("Your order %(number)s is placed"),
        Event.NEW_ORDER: _("New order %(number)s to fulfil"),
        Event.SHIPMENT_STATUS: _("Order %(number)s: your shipment is %(status)s"),
        Event.SHIPMENT_CANCELLED_BY_BUYER: _("Order %(number)s: the buyer cancelled"),
        Event.PAYMENT_RECEIVED: _("Payment received for order %(number)s"),
        Event.REFUND_REQUESTED: _("Order %(number)s: a refund is on its way"),
        Event.REFUND_SETTLED: _("Order %(number)s: refund update"),
        Event.RETURN_REQUESTED: _("Order %(number)s: a return is requested"),
        Event.RETURN_STATUS: _("Order %(number)s: your return is %(return_status)s"),
        Event.RETURN_OVERRULED: _("Order %(number)s: a curator accepted the return"),
    }
    status = shipment.get_status_display().lower() if shipment else ""
    return_status = ""
    if notification.return_request is not None:
        step = ReturnRequest.Status(_return_step(notification))
        return_status = step.label.lower()
    return subjects[notification.event] % {
        "number": order.number,
        "status": status,
        "return_status": return_status,
    }


def render_email(notification: Notification) -> EmailMultiAlternatives:
    """The message in the recipient's language, as plain text with an HTML alternative."""
    recipient = notification.recipient
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "recipient": recipient,
            "order": notification.order,
            "shipment": notification.shipment,
            "refund": notification.refund,
            "return_request": notification.return_request,
            "is_buyer": recipient.pk == notification.order.buyer_id,
            "return_step": _return_step(notification) if notification.return_request else "",
            "refund_days": settings.REFUND_DAYS,
            "site_url": settings.SITE_URL,
            "html": False,  # the HTML templates include the text partials with html=True
        }
        subject = _subject(notification)
        text = render_to_string(f"orders/emails/{notification.event}.txt", context)
        html = render_to_string(f"orders/emails/{notification.event}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def render_notification(notification_id: str, params: dict) -> EmailMultiAlternatives | None:
    """The outbox's renderer for order e-mails (None if the row is gone)."""
    notification = (
        Notification.objects.select_related(
            "recipient",
            "order__ship_state",
            "shipment__seller",
            "refund",
            "return_request__line",
            "return_request__credit_note",
        )
        .filter(pk=notification_id)
        .first()
    )
    return render_email(notification) if notification is not None else None


def mark_sent(notification_id: str) -> None:
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now())
