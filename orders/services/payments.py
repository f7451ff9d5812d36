"""Online payments behind a small gateway interface: Razorpay in production, a fake elsewhere."""

import hashlib
import hmac
import json
import logging
import uuid
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..errors import InvalidSignature, PaymentError
from ..models import Order, Payment, Shipment, WebhookEvent
from . import notifications, shipments

logger = logging.getLogger(__name__)


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class PaymentGateway:
    """What checkout needs from a gateway: create an order, check both kinds of signature."""

    name = "base"

    def __init__(self, *, key_id: str, key_secret: str, webhook_secret: str) -> None:
        self.key_id = key_id
        self.key_secret = key_secret
        self.webhook_secret = webhook_secret

    def create_order(self, *, amount_paise: int, receipt: str) -> str:
        raise NotImplementedError

    def payment_signature(self, *, order_id: str, payment_id: str) -> str:
        return _hmac_hex(self.key_secret, f"{order_id}|{payment_id}".encode())

    def verify_payment(self, *, order_id: str, payment_id: str, signature: str) -> bool:
        """Checkout callback: HMAC-SHA256 of "order_id|payment_id" with the key secret."""
        expected = self.payment_signature(order_id=order_id, payment_id=payment_id)
        return hmac.compare_digest(expected, signature or "")

    def webhook_signature(self, *, body: bytes) -> str:
        return _hmac_hex(self.webhook_secret, body)

    def verify_webhook(self, *, body: bytes, signature: str) -> bool:
        """Webhook: HMAC-SHA256 of the raw body with the webhook secret."""
        return hmac.compare_digest(self.webhook_signature(body=body), signature or "")


class RazorpayGateway(PaymentGateway):
    name = "razorpay"

    def create_order(self, *, amount_paise: int, receipt: str) -> str:
        import razorpay

        client = razorpay.Client(auth=(self.key_id, self.key_secret))
        created = client.order.create(
            data={"amount": amount_paise, "currency": "INR", "receipt": receipt}
        )
        return str(created["id"])


class FakeGateway(PaymentGateway):
    """Development and tests: no network; the pay page signs the payment itself."""

    name = "fake"

    def create_order(self, *, amount_paise: int, receipt: str) -> str:
        return f"order_fake{uuid.uuid4().hex[:14]}"


def gateway() -> PaymentGateway:
    """The configured gateway; the fake one only where settings allow it (never in production)."""
    cls = import_string(settings.PAYMENT_GATEWAY)
    if not is_online_available():
        raise PaymentError(_("Online payment is not available right now; choose cash on delivery."))
    return cls(
        key_id=settings.RAZORPAY_KEY_ID,
        key_secret=settings.RAZORPAY_KEY_SECRET,
        webhook_secret=settings.RAZORPAY_WEBHOOK_SECRET,
    )


def is_online_available() -> bool:
    cls = import_string(settings.PAYMENT_GATEWAY)
    return not issubclass(cls, FakeGateway) or settings.FAKE_PAYMENTS_ALLOWED


def start_payment(*, order: Order) -> Payment:
    """The gateway order for this order, created once (the gateway call happens outside locks)."""
    existing = Payment.objects.filter(order=order).first()
    if existing is not None:
        return existing
    if order.status != Order.Status.AWAITING_PAYMENT:
        raise PaymentError(_("This order is not waiting for a payment."))
    gw = gateway()
    gateway_order_id = gw.create_order(amount_paise=int(order.total * 100), receipt=order.number)
    try:
        with transaction.atomic():
            return Payment.objects.create(
                order=order, gateway=gw.name, gateway_order_id=gateway_order_id, amount=order.total
            )
    except IntegrityError:
        return Payment.objects.get(order=order)


@transaction.atomic
def mark_paid(*, gateway_order_id: str, payment_id: str, amount: Decimal | None = None) -> bool:
    """Record the payment once; True only the first time. The order becomes placed if unexpired."""
    payment = (
        Payment.objects.select_for_update()
        .select_related("order")
        .filter(gateway_order_id=gateway_order_id)
        .first()
    )
    if payment is None:
        raise PaymentError(_("Unknown payment."))
    if payment.status == Payment.Status.PAID:
        return False
    if amount is not None and amount != payment.amount:
        raise PaymentError(_("The amount paid does not match the order."))
    now = timezone.now()
    Payment.objects.filter(pk=payment.pk).update(
        status=Payment.Status.PAID, gateway_payment_id=payment_id, paid_at=now
    )
    order = payment.order
    placed = Order.objects.filter(pk=order.pk, status=Order.Status.AWAITING_PAYMENT).update(
        status=Order.Status.PLACED, is_paid=True, paid_at=now
    )
    if not placed:
        # Paid after the order expired and its stock went back: someone must refund it.
        logger.error(
            "Payment %s arrived for order %s in status %s", payment_id, order.pk, order.status
        )
        return True
    order.refresh_from_db()
    notifications.payment_received(order=order)
    notifications.order_placed(order=order)
    return True


def confirm_payment(*, order: Order, payment_id: str, signature: str) -> bool:
    """The checkout callback: trust it only when the signature over our stored order id matches."""
    payment = Payment.objects.filter(order=order).first()
    if payment is None or not gateway().verify_payment(
        order_id=payment.gateway_order_id, payment_id=payment_id, signature=signature
    ):
        raise InvalidSignature(_("The payment could not be verified."))
    return mark_paid(gateway_order_id=payment.gateway_order_id, payment_id=payment_id)


def handle_webhook(*, body: bytes, signature: str, event_id: str) -> bool:
    """A gateway webhook: signature first, then each event id is handled once (replays: False)."""
    if not gateway().verify_webhook(body=body, signature=signature):
        raise InvalidSignature(_("Bad webhook signature."))
    try:
        event = json.loads(body)
        kind = str(event["event"])
    except (ValueError, KeyError, TypeError) as error:
        raise PaymentError(_("Malformed webhook body.")) from error
    if kind not in {"payment.captured", "order.paid"}:
        return False
    try:
        entity = event["payload"]["payment"]["entity"]
        gateway_order_id = str(entity["order_id"])
        payment_id = str(entity["id"])
        amount = Decimal(int(entity["amount"])) / 100
    except (KeyError, TypeError, ValueError) as error:
        raise PaymentError(_("Malformed webhook body.")) from error
    event_id = event_id or f"{kind}:{payment_id}"
    with transaction.atomic():
        _event, created = WebhookEvent.objects.get_or_create(
            event_id=event_id, defaults={"kind": kind}
        )
        if not created:
            return False
        return mark_paid(gateway_order_id=gateway_order_id, payment_id=payment_id, amount=amount)


def expire_order(*, order_id: int, now: datetime | None = None) -> bool:
    """Expire one unpaid online order past its deadline and cancel its shipments (stock back once)."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = Order.objects.filter(
            pk=order_id, status=Order.Status.AWAITING_PAYMENT, expires_at__lte=now
        ).update(status=Order.Status.EXPIRED)
        if not expired:
            return False
        for shipment in Shipment.objects.filter(order_id=order_id).select_related(
            "order", "seller__user"
        ):
            shipments.transition(
                shipment=shipment,
                to=Shipment.Status.CANCELLED,
                by=None,
                note="payment not received in time",
                cancel_reason=_("Payment not received in time"),
            )
    return True


def expire_unpaid_orders(*, now: datetime | None = None) -> int:
    """Expire every overdue unpaid order; safe to run twice or concurrently. Returns how many."""
    now = now or timezone.now()
    overdue = Order.objects.filter(
        status=Order.Status.AWAITING_PAYMENT, expires_at__lte=now
    ).values_list("pk", flat=True)
    return sum(expire_order(order_id=pk, now=now) for pk in list(overdue))
