"""Online payments behind a small gateway interface: Razorpay in production, a fake elsewhere."""

import hashlib
import hmac
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..errors import InvalidSignature, PaymentError, RefundDeclined
from ..models import Order, Payment, Refund, Shipment, WebhookEvent
from . import notifications, refunds, shipments

logger = logging.getLogger(__name__)


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class GatewayRefund:
    refund_id: str
    status: str  # "pending", "processed" or "failed", as Razorpay names them


class PaymentGateway:
    """What checkout needs from a gateway: create an order, refund a payment, check signatures."""

    name = "base"

    def __init__(self, *, key_id: str, key_secret: str, webhook_secret: str) -> None:
        self.key_id = key_id
        self.key_secret = key_secret
        self.webhook_secret = webhook_secret

    def create_order(self, *, amount_paise: int, receipt: str) -> str:
        raise NotImplementedError

    def refund(self, *, payment_id: str, amount_paise: int, key: str) -> GatewayRefund:
        """Refund part or all of a captured payment; `key` names our refund so that a second
        call finds the first refund instead of making another. Raises RefundDeclined when the
        gateway refuses; network faults propagate (the task retries)."""
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

    def refund(self, *, payment_id: str, amount_paise: int, key: str) -> GatewayRefund:
        import razorpay
        from razorpay.errors import BadRequestError, GatewayError, ServerError

        client = razorpay.Client(auth=(self.key_id, self.key_secret))
        try:
            return self._refund(client, payment_id=payment_id, amount_paise=amount_paise, key=key)
        except BadRequestError as error:
            raise RefundDeclined(str(error)) from error
        except (GatewayError, ServerError) as error:
            # The gateway is down or busy: not a refusal; the task retries with backoff.
            raise ConnectionError(str(error)) from error

    @staticmethod
    def _refund(client, *, payment_id: str, amount_paise: int, key: str) -> GatewayRefund:  # type: ignore[no-untyped-def]
        # A task that died after the gateway refunded but before we stored the id runs again:
        # find the refund made under our key instead of refunding twice.
        for item in client.payment.fetch_multiple_refund(payment_id).get("items", []):
            if (item.get("notes") or {}).get("refund_key") == key:
                return GatewayRefund(refund_id=str(item["id"]), status=str(item["status"]))
        created = client.payment.refund(
            payment_id, {"amount": amount_paise, "speed": "normal", "notes": {"refund_key": key}}
        )
        return GatewayRefund(refund_id=str(created["id"]), status=str(created["status"]))


class FakeGateway(PaymentGateway):
    """Development and tests: no network; the pay page signs the payment itself."""

    name = "fake"

    def create_order(self, *, amount_paise: int, receipt: str) -> str:
        return f"order_fake{uuid.uuid4().hex[:14]}"

    def refund(self, *, payment_id: str, amount_paise: int, key: str) -> GatewayRefund:
        """Refunds at once, or declines every refund while FAKE_REFUNDS_FAIL is on, so that a
        developer can see a failed refund and its retry."""
        if settings.FAKE_REFUNDS_FAIL:
            raise RefundDeclined(_("Test gateway: refunds are set to fail (FAKE_REFUNDS_FAIL)."))
        digest = hashlib.sha256(f"{payment_id}|{key}".encode()).hexdigest()[:14]
        return GatewayRefund(refund_id=f"rfnd_fake{digest}", status="processed")


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
    """The gateway order for what is payable now, created once per amount.

    A shipment cancelled before payment lowers the amount: the next attempt asks for the rest
    only (a payment still made on the older, larger attempt is refunded the difference). The
    gateway call happens outside any lock.
    """
    if order.status != Order.Status.AWAITING_PAYMENT:
        raise PaymentError(_("This order is not waiting for a payment."))
    amount = order.payable_total
    existing = order.payments.filter(status=Payment.Status.CREATED, amount=amount).first()
    if existing is not None:
        return existing
    gw = gateway()
    gateway_order_id = gw.create_order(amount_paise=int(amount * 100), receipt=order.number)
    return Payment.objects.create(
        order=order, gateway=gw.name, gateway_order_id=gateway_order_id, amount=amount
    )


def mark_paid(*, gateway_order_id: str, payment_id: str, amount: Decimal | None = None) -> bool:
    """Record the payment once; True only the first time. The order becomes placed if unexpired.

    The order row is locked first (as cancellations do), so a payment and a cancellation at the
    same moment settle one after the other: whatever was paid beyond what is payable then, and
    any payment for an order that expired or was already paid, is refunded once.
    """
    with transaction.atomic():
        order_id = (
            Payment.objects.filter(gateway_order_id=gateway_order_id)
            .values_list("order_id", flat=True)
            .first()
        )
        if order_id is None:
            raise PaymentError(_("Unknown payment."))
        order = Order.objects.select_for_update().get(pk=order_id)
        payment = Payment.objects.select_for_update().get(gateway_order_id=gateway_order_id)
        if payment.status == Payment.Status.PAID:
            return False
        if amount is not None and amount != payment.amount:
            raise PaymentError(_("The amount paid does not match the order."))
        now = timezone.now()
        Payment.objects.filter(pk=payment.pk).update(
            status=Payment.Status.PAID,
            gateway_payment_id=payment_id,
            paid_at=now,
            failure_reason="",
        )
        payment.refresh_from_db()
        if order.status != Order.Status.AWAITING_PAYMENT:
            # Expired, cancelled, or already paid by another attempt: all of it goes back.
            reason = Refund.Reason.OVERPAID if order.is_paid else Refund.Reason.LATE_PAYMENT
            logger.warning(
                "Payment %s arrived for order %s in status %s", payment_id, order.pk, order.status
            )
            refunds.request_refund(
                order=order,
                payment=payment,
                amount=payment.amount,
                reason=reason,
                key=f"payment:{payment.pk}",
            )
            return True
        Order.objects.filter(pk=order.pk).update(
            status=Order.Status.PLACED, is_paid=True, paid_at=now
        )
        order.refresh_from_db()
        # What this payment covers beyond what is payable and what is already promised back
        # (a cancellation that settled first refunds its shipment itself).
        already_refunded = refunds.refunded_total(order)
        excess = payment.amount - order.payable_total - already_refunded
        if excess > 0:
            refunds.request_refund(
                order=order,
                payment=payment,
                amount=excess,
                reason=Refund.Reason.OVERPAID,
                key=f"overpaid:{payment.pk}",
                note=_("A shipment was cancelled after this payment was started."),
            )
        notifications.payment_received(order=order)
        notifications.order_placed(order=order)
        return True


def confirm_payment(
    *, order: Order, payment_id: str, signature: str, gateway_order_id: str = ""
) -> bool:
    """The checkout callback: trust it only when the signature over our stored order id matches."""
    payments = order.payments.all()
    if gateway_order_id:
        payments = payments.filter(gateway_order_id=gateway_order_id)
    payment = payments.first()
    if payment is None or not gateway().verify_payment(
        order_id=payment.gateway_order_id, payment_id=payment_id, signature=signature
    ):
        raise InvalidSignature(_("The payment could not be verified."))
    return mark_paid(gateway_order_id=payment.gateway_order_id, payment_id=payment_id)


def record_failed_payment(*, order: Order, gateway_order_id: str, reason: str) -> bool:
    """The gateway (or the buyer's checkout window) reported a failed attempt: show it, so the
    buyer can try again or choose another way. A paid attempt is never marked failed."""
    reason = (reason or _("The payment did not go through.")).strip()[:300]
    return bool(
        Payment.objects.filter(
            order=order, gateway_order_id=gateway_order_id, status=Payment.Status.CREATED
        ).update(status=Payment.Status.FAILED, failure_reason=reason)
    )


PAYMENT_EVENTS = {"payment.captured", "order.paid", "payment.failed"}
REFUND_EVENTS = {"refund.processed", "refund.failed"}


def handle_webhook(*, body: bytes, signature: str, event_id: str) -> bool:
    """A gateway webhook: signature first, then each event id is handled once (replays: False)."""
    if not gateway().verify_webhook(body=body, signature=signature):
        raise InvalidSignature(_("Bad webhook signature."))
    try:
        event = json.loads(body)
        kind = str(event["event"])
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise PaymentError(_("Malformed webhook body.")) from error
    if kind not in PAYMENT_EVENTS | REFUND_EVENTS:
        return False
    try:
        if kind in REFUND_EVENTS:
            entity = event["payload"]["refund"]["entity"]
            object_id = str(entity["id"])
            refund_key = str((entity.get("notes") or {}).get("refund_key", ""))
        else:
            entity = event["payload"]["payment"]["entity"]
            gateway_order_id = str(entity["order_id"])
            object_id = str(entity["id"])
            amount = Decimal(int(entity["amount"])) / 100
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PaymentError(_("Malformed webhook body.")) from error
    event_id = event_id or f"{kind}:{object_id}"
    with transaction.atomic():
        _event, created = WebhookEvent.objects.get_or_create(
            event_id=event_id, defaults={"kind": kind}
        )
        if not created:
            return False
        if kind in REFUND_EVENTS:
            if refund_key:
                refunds.attach_gateway_id(key=refund_key, gateway_refund_id=object_id)
            return refunds.settle_from_gateway(
                gateway_refund_id=object_id,
                processed=kind == "refund.processed",
                reason=str(entity.get("error_description") or ""),
            )
        if kind == "payment.failed":
            order = Order.objects.filter(payments__gateway_order_id=gateway_order_id).first()
            if order is None:
                raise PaymentError(_("Unknown payment."))
            return record_failed_payment(
                order=order,
                gateway_order_id=gateway_order_id,
                reason=str(entity.get("error_description") or ""),
            )
        return mark_paid(gateway_order_id=gateway_order_id, payment_id=object_id, amount=amount)


def expire_order(*, order_id: int, now: datetime | None = None) -> bool:
    """Expire one unpaid online order past its deadline and cancel its shipments (stock back once)."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = Order.objects.filter(
            pk=order_id, status=Order.Status.AWAITING_PAYMENT, expires_at__lte=now
        ).update(status=Order.Status.EXPIRED)
        if not expired:
            return False
        for shipment in (
            Shipment.objects.filter(order_id=order_id)
            .exclude(status=Shipment.Status.CANCELLED)
            .select_related("order", "seller__user")
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
