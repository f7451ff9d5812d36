"""Money going back to buyers: one Refund row per cause, sent to the gateway after commit.

- `request_refund` is called inside the transaction of its cause (a cancellation, a received
  return, an overpayment); the unique key of the cause makes a second call return the first row.
- An online refund is sent by the `send_refund` task, safe to run twice: the row is locked while
  the gateway is asked, and the gateway adapter first looks for a refund it already made under
  the same key. The gateway's `refund.processed` / `refund.failed` webhooks settle it once.
- A cash-on-delivery refund goes to the bank account or UPI id the buyer gave; a curator pays it
  out and records the bank reference (`settle_bank_refund`).
"""

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import RefundDeclined, RefundNotAllowed
from ..models import Order, Payment, Refund, ReturnRequest, Shipment
from . import notifications

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")
ACTIVE = [Refund.Status.REQUESTED, Refund.Status.PROCESSED, Refund.Status.FAILED]


def paid_payment(order: Order) -> Payment | None:
    """The captured online payment the order was placed with (the first one paid)."""
    return order.payments.filter(status=Payment.Status.PAID).order_by("paid_at", "pk").first()


def refunded_total(order: Order) -> Decimal:
    """Everything promised back to the buyer (requested, processed, or failed and to retry)."""
    total = order.refunds.filter(status__in=ACTIVE).aggregate(total=Sum("amount"))["total"]
    return total or ZERO


def request_refund(
    *,
    order: Order,
    amount: Decimal,
    reason: str,
    key: str,
    shipment: Shipment | None = None,
    payment: Payment | None = None,
    return_request: ReturnRequest | None = None,
    requested_by: User | None = None,
    payout_to: str = "",
    note: str = "",
) -> Refund:
    """Record a refund for one cause, once; caller holds the transaction of the cause.

    Online orders are refunded to the payment they were paid with; cash on delivery to the
    bank account or UPI id given (`payout_to`). A refund never takes back more than was paid.
    """
    existing = Refund.objects.filter(key=key).first()
    if existing is not None:
        return existing
    amount = Decimal(amount)
    if amount <= 0:
        raise RefundNotAllowed(_("There is nothing to refund."))
    if order.payment_method == Order.PaymentMethod.ONLINE:
        payment = payment or paid_payment(order)
        if payment is None:
            raise RefundNotAllowed(_("This order was not paid online, so nothing is refunded."))
        already = (
            payment.refunds.filter(status__in=ACTIVE).aggregate(total=Sum("amount"))["total"]
            or ZERO
        )
        if already + amount > payment.amount:
            raise RefundNotAllowed(
                _("A refund of %(amount)s would return more than was paid.") % {"amount": amount}
            )
        method = Refund.Method.ORIGINAL
    else:
        if not payout_to.strip():
            raise RefundNotAllowed(
                _("Give a bank account or UPI id for the refund of a cash-on-delivery order.")
            )
        method = Refund.Method.BANK
    refund = Refund.objects.create(
        key=key,
        order=order,
        shipment=shipment,
        payment=payment if method == Refund.Method.ORIGINAL else None,
        return_request=return_request,
        amount=amount,
        reason=reason,
        note=note[:300],
        requested_by=requested_by,
        method=method,
        payout_to=payout_to.strip(),
    )
    notifications.refund_requested(refund=refund)
    if method == Refund.Method.ORIGINAL:
        from ..tasks import send_refund as send_refund_task

        send_refund_task.delay_on_commit(refund.pk)
    return refund


def refund_cancelled_shipment(*, shipment: Shipment, by: User | None) -> Refund | None:
    """A shipment of a paid online order was cancelled: its price goes back, once.

    Cash on delivery before delivery refunds nothing (nothing was paid); an unpaid online order
    only asks for less (`Order.payable_total`).
    """
    order = shipment.order
    if order.payment_method != Order.PaymentMethod.ONLINE or not order.is_paid:
        return None
    already = shipment.refunds.filter(status__in=ACTIVE).aggregate(total=Sum("amount"))["total"]
    amount = shipment.total - (already or ZERO)
    if amount <= 0:
        return None
    return request_refund(
        order=order,
        shipment=shipment,
        amount=amount,
        reason=Refund.Reason.CANCELLED,
        key=f"cancel:{shipment.pk}",
        requested_by=by,
        note=shipment.cancel_reason,
    )


# --- Sending to the gateway -----------------------------------------------------------------


def send_refund(*, refund_id: int) -> str:
    """Ask the gateway for one online refund; safe to run twice or at once.

    Returns "sent", "processed", "failed" or "skipped". A gateway refusal marks the refund
    failed (visible, retried later); a network fault raises so that the task retries.
    """
    from .payments import gateway

    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("payment", "order")
            .filter(
                pk=refund_id,
                status=Refund.Status.REQUESTED,
                method=Refund.Method.ORIGINAL,
                gateway_refund_id__isnull=True,
            )
            .first()
        )
        if refund is None:
            return "skipped"
        Refund.objects.filter(pk=refund.pk).update(attempts=refund.attempts + 1)
        try:
            result = gateway().refund(
                payment_id=refund.payment.gateway_payment_id or "",
                amount_paise=int(refund.amount * 100),
                key=refund.key,
            )
        except RefundDeclined as error:
            _mark_failed(refund=refund, reason=str(error))
            return "failed"
        Refund.objects.filter(pk=refund.pk).update(gateway_refund_id=result.refund_id)
        if result.status == "processed":
            _mark_processed(refund=refund)
            return "processed"
        if result.status == "failed":
            _mark_failed(refund=refund, reason=_("The payment gateway declined the refund."))
            return "failed"
    return "sent"


def _mark_processed(*, refund: Refund, reference: str = "") -> bool:
    now = timezone.now()
    fields: dict[str, object] = {"status": Refund.Status.PROCESSED, "processed_at": now}
    if reference:
        fields["payout_reference"] = reference
    updated = Refund.objects.filter(
        pk=refund.pk, status__in=[Refund.Status.REQUESTED, Refund.Status.FAILED]
    ).update(failure_reason="", **fields)
    if updated:
        refund.refresh_from_db()
        notifications.refund_settled(refund=refund)
    return bool(updated)


def _mark_failed(*, refund: Refund, reason: str) -> bool:
    updated = Refund.objects.filter(pk=refund.pk, status=Refund.Status.REQUESTED).update(
        status=Refund.Status.FAILED, failure_reason=reason[:300], failed_at=timezone.now()
    )
    if updated:
        refund.refresh_from_db()
        logger.warning("Refund %s failed: %s", refund.pk, reason)
        notifications.refund_settled(refund=refund)
    return bool(updated)


def settle_from_gateway(*, gateway_refund_id: str, processed: bool, reason: str = "") -> bool:
    """A `refund.processed` / `refund.failed` webhook: settle the refund once (True if changed).

    Matched by the gateway's refund id, or by our key in the refund's notes when the webhook
    arrives before the task saved the id.
    """
    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update().filter(gateway_refund_id=gateway_refund_id).first()
        )
        if refund is None:
            return False
        if processed:
            return _mark_processed(refund=refund)
        return _mark_failed(refund=refund, reason=reason or _("The bank declined the refund."))


def attach_gateway_id(*, key: str, gateway_refund_id: str) -> None:
    """A webhook named a refund by our key before the task stored the gateway's id."""
    Refund.objects.filter(key=key, gateway_refund_id__isnull=True).update(
        gateway_refund_id=gateway_refund_id
    )


@transaction.atomic
def retry_refund(*, refund_id: int) -> bool:
    """Send a failed online refund again (a curator's button, or the periodic job)."""
    updated = Refund.objects.filter(
        pk=refund_id, status=Refund.Status.FAILED, method=Refund.Method.ORIGINAL
    ).update(status=Refund.Status.REQUESTED, gateway_refund_id=None, failure_reason="")
    if updated:
        from ..tasks import send_refund as send_refund_task

        send_refund_task.delay_on_commit(refund_id)
    return bool(updated)


@transaction.atomic
def settle_bank_refund(*, refund_id: int, reference: str, by: User) -> Refund:
    """A curator paid a cash-on-delivery refund out by bank transfer or UPI: record it once."""
    reference = reference.strip()
    if not reference:
        raise RefundNotAllowed(_("Give the bank reference (UTR) of the transfer."))
    refund = Refund.objects.select_for_update().get(pk=refund_id)
    if refund.method != Refund.Method.BANK:
        raise RefundNotAllowed(_("Online refunds are settled by the payment gateway."))
    if not _mark_processed(refund=refund, reference=reference):
        raise RefundNotAllowed(_("This refund is already settled."))
    logger.info("Refund %s paid out by %s with UTR %s", refund.pk, by.email, reference)
    refund.refresh_from_db()
    return refund


def resend_stuck_refunds(*, now: datetime | None = None) -> int:
    """Periodic: send online refunds a dead worker left unsent, and retry failed ones a few times.

    Failed refunds are retried after `REFUND_RETRY_MINUTES` until `REFUND_MAX_ATTEMPTS`; after
    that they wait for a curator (they stay visible as failed to everyone).
    """
    from ..tasks import send_refund as send_refund_task

    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.REFUND_RETRY_MINUTES)
    due = Refund.objects.filter(method=Refund.Method.ORIGINAL, updated_at__lte=stale)
    failed = due.filter(status=Refund.Status.FAILED, attempts__lt=settings.REFUND_MAX_ATTEMPTS)
    unsent = due.filter(status=Refund.Status.REQUESTED, gateway_refund_id__isnull=True)
    unsent_ids = list(unsent.values_list("pk", flat=True))  # before retries add to them
    retried = sum(retry_refund(refund_id=pk) for pk in list(failed.values_list("pk", flat=True)))
    for refund_id in unsent_ids:
        send_refund_task.delay(refund_id)
    return retried + len(unsent_ids)
