"""Money going back: refunds on cancellation, overpayment and late payment, what an unpaid
order still asks for, failed refunds and their retry, refund webhooks, and honest order pages."""

import hashlib
import hmac
import json
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalog.models import Listing
from orders.errors import RefundNotAllowed, TransitionNotAllowed
from orders.models import Order, Payment, Refund, Shipment
from orders.services import buyer_cancel, mark_paid, seller_move, start_payment
from orders.services import refunds as refund_service
from orders.services.payments import FakeGateway, GatewayRefund
from tests.factories import ListingFactory, SellerFactory
from tests.race import run_before

from .factories import AddressFactory, place

pytestmark = pytest.mark.django_db
S = Shipment.Status
WEBHOOK_URL = "/payments/razorpay/webhook/"


def _two_seller_order(buyer, *, method=Order.PaymentMethod.ONLINE, prices=("500.00", "300.00")):
    """An order of two shipments (₹500 and ₹300 by default) from two sellers of one state."""
    first = ListingFactory(price=prices[0], mrp=prices[0])
    second = ListingFactory(
        price=prices[1], mrp=prices[1], seller=SellerFactory(district=first.seller.district)
    )
    second.district = first.district
    second.save()
    address = AddressFactory(user=buyer, state=first.district.state)
    order = place(
        buyer=buyer, items=[(first, 1), (second, 1)], address=address, payment_method=method
    )
    big, small = sorted(order.shipments.all(), key=lambda s: -s.total)
    return order, big, small


def _pay(order, capture, payment=None, payment_id="pay_1"):
    payment = payment or start_payment(order=order)
    with capture(execute=True):
        mark_paid(gateway_order_id=payment.gateway_order_id, payment_id=payment_id)
    order.refresh_from_db()
    return payment


def test_cancelling_a_paid_online_shipment_refunds_it_to_the_way_the_buyer_paid(
    client, buyer, django_capture_on_commit_callbacks
):
    order, big, small = _two_seller_order(buyer)
    _pay(order, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        buyer_cancel(shipment=small, by=buyer, reason="Ordered twice")

    refund = Refund.objects.get()
    assert (refund.amount, refund.status, refund.method, refund.shipment) == (
        Decimal("300.00"),
        Refund.Status.PROCESSED,  # the fake gateway refunds at once
        Refund.Method.ORIGINAL,
        small,
    )
    assert refund.gateway_refund_id.startswith("rfnd_fake")
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Partly cancelled" in page
    assert "Refunded" in page
    assert "₹300.00" in page
    assert '<dd class="cart-total"><strong>₹500.00</strong></dd>' in page
    subjects = [m.subject for m in mail.outbox if m.to == [buyer.email]]
    assert f"Order {order.number}: a refund is on its way" in subjects
    body = next(m.body for m in mail.outbox if "on its way" in m.subject)
    assert "₹300.00" in body
    assert "to the way you paid" in body


def test_cash_on_delivery_cancelled_before_delivery_refunds_nothing(buyer):
    order, big, _small = _two_seller_order(buyer, method=Order.PaymentMethod.COD)

    buyer_cancel(shipment=big, by=buyer)

    assert not Refund.objects.exists()
    order.refresh_from_db()
    assert order.payable_total == Decimal("300.00")


def test_unpaid_order_asks_only_for_what_is_not_cancelled(client, buyer):
    order, big, small = _two_seller_order(buyer)
    first_attempt = start_payment(order=order)

    buyer_cancel(shipment=small, by=buyer)
    second_attempt = start_payment(order=order)

    assert first_attempt.amount == Decimal("800.00")
    assert second_attempt.amount == Decimal("500.00")
    client.force_login(buyer)
    assert "₹500.00" in client.get(reverse("orders:order-pay", args=[order.pk])).content.decode()
    assert not Refund.objects.exists()  # nothing was paid, nothing goes back


def test_emails_after_payment_name_what_was_paid_and_ordered_not_the_first_total(
    buyer, django_capture_on_commit_callbacks
):
    order, _big, small = _two_seller_order(buyer)
    buyer_cancel(shipment=small, by=buyer)
    mail.outbox.clear()

    _pay(order, django_capture_on_commit_callbacks)

    bodies = {m.subject: m.body for m in mail.outbox if m.to == [buyer.email]}
    assert (
        "We received your payment of ₹500.00"
        in bodies[f"Payment received for order {order.number}"]
    )
    assert (
        f"Your order {order.number} for ₹500.00 is placed"
        in bodies[f"Your order {order.number} is placed"]
    )


def test_cod_refund_account_is_masked_but_keeps_its_ifsc(buyer):
    order, _big, _small = _two_seller_order(buyer, method=Order.PaymentMethod.COD)

    refund = refund_service.request_refund(
        order=order,
        amount=Decimal("300.00"),
        reason=Refund.Reason.RETURNED,
        key="return:mask",
        payout_to="123456789012 SBIN0001234",
    )

    assert refund.payout_to_masked == "••••9012 SBIN0001234"


def test_cancelling_every_shipment_before_payment_asks_nothing(client, buyer, seller):
    order, big, small = _two_seller_order(buyer)

    buyer_cancel(shipment=big, by=buyer)
    seller_move(shipment=small, to=S.CANCELLED, by=small.seller.user, reason="Out of stock")

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.progress == Order.Progress.CANCELLED
    client.force_login(buyer)
    response = client.get(reverse("orders:order-pay", args=[order.pk]))
    assert response.status_code == 302
    page = client.get(order.get_absolute_url()).content.decode()
    assert reverse("orders:order-pay", args=[order.pk]) not in page


def test_a_seller_may_only_cancel_an_unpaid_order_before_dispatch(buyer):
    order, big, _small = _two_seller_order(buyer)

    with pytest.raises(TransitionNotAllowed, match="not paid"):
        seller_move(shipment=big, to=S.ACCEPTED, by=big.seller.user)
    seller_move(shipment=big, to=S.CANCELLED, by=big.seller.user, reason="Cannot make it in time")

    assert Shipment.objects.get(pk=big.pk).status == S.CANCELLED
    assert start_payment(order=order).amount == Decimal("300.00")


def test_paying_an_older_larger_attempt_refunds_the_difference(
    buyer, django_capture_on_commit_callbacks
):
    order, big, small = _two_seller_order(buyer)
    stale = start_payment(order=order)  # ₹800, still open in another window
    buyer_cancel(shipment=small, by=buyer)

    _pay(order, django_capture_on_commit_callbacks, payment=stale)

    assert (order.status, order.is_paid) == (Order.Status.PLACED, True)
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason, refund.status) == (
        Decimal("300.00"),
        Refund.Reason.OVERPAID,
        Refund.Status.PROCESSED,
    )


def test_a_payment_after_expiry_is_refunded_in_full(buyer, django_capture_on_commit_callbacks):
    order, _big, _small = _two_seller_order(buyer)
    payment = start_payment(order=order)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    from orders.services import expire_unpaid_orders

    expire_unpaid_orders()
    _pay(order, django_capture_on_commit_callbacks, payment=payment)

    assert order.status == Order.Status.EXPIRED
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason) == (Decimal("800.00"), Refund.Reason.LATE_PAYMENT)


def test_a_second_paid_attempt_is_refunded_in_full(buyer, django_capture_on_commit_callbacks):
    order, _big, _small = _two_seller_order(buyer)
    first = start_payment(order=order)
    second = Payment.objects.create(
        order=order, gateway="fake", gateway_order_id="order_fake_second", amount=first.amount
    )

    _pay(order, django_capture_on_commit_callbacks, payment=first, payment_id="pay_1")
    _pay(order, django_capture_on_commit_callbacks, payment=second, payment_id="pay_2")

    refund = Refund.objects.get()
    assert (refund.payment, refund.amount, refund.reason) == (
        second,
        Decimal("800.00"),
        Refund.Reason.OVERPAID,
    )


def test_a_failed_refund_is_visible_and_sent_again_later(
    client, buyer, settings, django_capture_on_commit_callbacks
):
    order, _big, small = _two_seller_order(buyer)
    _pay(order, django_capture_on_commit_callbacks)
    settings.FAKE_REFUNDS_FAIL = True

    with django_capture_on_commit_callbacks(execute=True):
        buyer_cancel(shipment=small, by=buyer)

    refund = Refund.objects.get()
    assert refund.status == Refund.Status.FAILED
    assert "FAKE_REFUNDS_FAIL" in refund.failure_reason
    client.force_login(buyer)
    assert "Refund failed" in client.get(order.get_absolute_url()).content.decode()

    settings.FAKE_REFUNDS_FAIL = False
    later = timezone.now() + timedelta(minutes=settings.REFUND_RETRY_MINUTES + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert refund_service.resend_stuck_refunds(now=later) == 1

    refund.refresh_from_db()
    assert (refund.status, refund.attempts) == (Refund.Status.PROCESSED, 2)


def test_sending_a_refund_twice_asks_the_gateway_once(buyer, django_capture_on_commit_callbacks):
    order, _big, small = _two_seller_order(buyer)
    _pay(order, django_capture_on_commit_callbacks)
    buyer_cancel(shipment=small, by=buyer)  # on_commit not run: the task has not been sent
    refund = Refund.objects.get()

    with mock.patch.object(
        FakeGateway, "refund", return_value=GatewayRefund("rfnd_x", "pending")
    ) as gateway_refund:
        assert refund_service.send_refund(refund_id=refund.pk) == "sent"
        assert refund_service.send_refund(refund_id=refund.pk) == "skipped"

    assert gateway_refund.call_count == 1
    refund.refresh_from_db()
    assert (refund.status, refund.gateway_refund_id) == (Refund.Status.REQUESTED, "rfnd_x")


def _refund_webhook(client, *, kind, refund_id, key="", event_id="evt_r1", signature=None):
    body = json.dumps(
        {
            "event": kind,
            "payload": {
                "refund": {
                    "entity": {
                        "id": refund_id,
                        "amount": 30000,
                        "notes": {"refund_key": key} if key else [],
                        "error_description": "Bank account closed",
                    }
                }
            },
        }
    ).encode()
    signature = signature or hmac.new(b"test-webhook-secret", body, hashlib.sha256).hexdigest()
    return client.post(
        WEBHOOK_URL,
        body,
        content_type="application/json",
        headers={"X-Razorpay-Signature": signature, "X-Razorpay-Event-Id": event_id},
    )


def _pending_refund(buyer, capture):
    order, _big, small = _two_seller_order(buyer)
    _pay(order, capture)
    with (
        mock.patch.object(
            FakeGateway, "refund", return_value=GatewayRefund("rfnd_pending", "pending")
        ),
        capture(execute=True),
    ):
        buyer_cancel(shipment=small, by=buyer)
    return Refund.objects.get()


def test_refund_webhooks_settle_a_refund_once(client, buyer, django_capture_on_commit_callbacks):
    refund = _pending_refund(buyer, django_capture_on_commit_callbacks)
    assert refund.status == Refund.Status.REQUESTED

    forged = _refund_webhook(
        client, kind="refund.processed", refund_id="rfnd_pending", signature="0" * 64
    )
    refund.refresh_from_db()
    assert (forged.status_code, refund.status) == (400, Refund.Status.REQUESTED)

    with django_capture_on_commit_callbacks(execute=True):
        first = _refund_webhook(client, kind="refund.processed", refund_id="rfnd_pending")
        replay = _refund_webhook(client, kind="refund.processed", refund_id="rfnd_pending")
        late_failure = _refund_webhook(
            client, kind="refund.failed", refund_id="rfnd_pending", event_id="evt_r2"
        )

    refund.refresh_from_db()
    assert [first.status_code, replay.status_code, late_failure.status_code] == [200, 200, 200]
    assert refund.status == Refund.Status.PROCESSED  # a processed refund never turns failed
    assert sum("refund update" in m.subject for m in mail.outbox) == 1


def test_refund_webhook_before_the_task_saved_the_id_is_matched_by_our_key(
    client, buyer, django_capture_on_commit_callbacks
):
    order, _big, small = _two_seller_order(buyer)
    _pay(order, django_capture_on_commit_callbacks)
    buyer_cancel(shipment=small, by=buyer)  # the task has not run yet
    refund = Refund.objects.get()

    _refund_webhook(client, kind="refund.failed", refund_id="rfnd_early", key=refund.key)

    refund.refresh_from_db()
    assert (refund.gateway_refund_id, refund.status) == ("rfnd_early", Refund.Status.FAILED)
    assert refund.failure_reason == "Bank account closed"


def test_a_refund_never_returns_more_than_was_paid(buyer, django_capture_on_commit_callbacks):
    order, _big, _small = _two_seller_order(buyer)
    _pay(order, django_capture_on_commit_callbacks)

    with pytest.raises(RefundNotAllowed, match="more than was paid"):
        refund_service.request_refund(
            order=order, amount=Decimal("800.01"), reason=Refund.Reason.RETURNED, key="x"
        )


def test_a_cod_refund_is_paid_out_by_a_curator_with_its_bank_reference(buyer, curator):
    order, _big, _small = _two_seller_order(buyer, method=Order.PaymentMethod.COD)
    refund = refund_service.request_refund(
        order=order,
        amount=Decimal("300.00"),
        reason=Refund.Reason.RETURNED,
        key="return:test",
        payout_to="bina@upi",
    )
    assert (refund.method, refund.status) == (Refund.Method.BANK, Refund.Status.REQUESTED)

    with pytest.raises(RefundNotAllowed, match="UTR"):
        refund_service.settle_bank_refund(refund_id=refund.pk, reference=" ", by=curator)
    refund_service.settle_bank_refund(refund_id=refund.pk, reference="UTR123", by=curator)
    with pytest.raises(RefundNotAllowed, match="already settled"):
        refund_service.settle_bank_refund(refund_id=refund.pk, reference="UTR999", by=curator)

    refund.refresh_from_db()
    assert (refund.status, refund.payout_reference) == (Refund.Status.PROCESSED, "UTR123")


# --- Honest order status ----------------------------------------------------------------------


def test_order_progress_follows_its_shipments(buyer):
    order, big, small = _two_seller_order(buyer, method=Order.PaymentMethod.COD)

    def progress():
        return Order.objects.get(pk=order.pk).progress

    assert progress() == Order.Progress.PLACED
    for to in (S.ACCEPTED, S.PACKED, S.DISPATCHED):
        seller_move(
            shipment=big, to=to, by=big.seller.user, courier="Speed Post", tracking_number="EE1"
        )
    assert progress() == Order.Progress.PARTLY_SHIPPED
    buyer_cancel(shipment=small, by=buyer)
    assert progress() == Order.Progress.SHIPPED
    seller_move(shipment=big, to=S.DELIVERED, by=big.seller.user)
    assert progress() == Order.Progress.PARTLY_CANCELLED
    order.refresh_from_db()
    assert (order.is_paid, order.payable_total) == (True, Decimal("500.00"))


def test_returned_undelivered_shipment_gets_a_credit_note_and_a_refund(
    buyer, django_capture_on_commit_callbacks
):
    order, big, _small = _two_seller_order(buyer)
    _pay(order, django_capture_on_commit_callbacks)
    for to in (S.ACCEPTED, S.PACKED, S.DISPATCHED):
        seller_move(shipment=big, to=to, by=big.seller.user, courier="DTDC", tracking_number="D1")
    with pytest.raises(TransitionNotAllowed, match="left the seller"):
        buyer_cancel(shipment=big, by=buyer)

    with django_capture_on_commit_callbacks(execute=True):
        seller_move(
            shipment=big,
            to=S.CANCELLED,
            by=big.seller.user,
            reason="Courier returned it: address not found",
        )

    big.refresh_from_db()
    note = big.credit_notes.get()
    assert note.number.startswith("CN/")
    assert note.invoice == big.invoice
    assert (note.total, note.taxable_value) == (big.total, big.taxable_value)
    assert (big.credited_total, big.net_payable) == (big.total, Decimal("0.00"))
    assert Refund.objects.get().amount == Decimal("500.00")
    assert Listing.objects.get(pk=big.lines.get().listing_id).stock == 20


# --- Deterministic races ----------------------------------------------------------------------


def test_buyer_and_seller_cancelling_at_once_refund_once(buyer, django_capture_on_commit_callbacks):
    order, _big, small = _two_seller_order(buyer)
    _pay(order, django_capture_on_commit_callbacks)

    def seller_cancels_first(**_kwargs):
        seller_move(shipment=small, to=S.CANCELLED, by=small.seller.user, reason="No stock")

    # The buyer's page was loaded while the shipment was placed; the seller's cancellation
    # commits just before the buyer's request reaches the transition.
    with (
        run_before("orders.services.shipments.transition", seller_cancels_first),
        pytest.raises(TransitionNotAllowed, match="cancelled cannot become cancelled"),
    ):
        buyer_cancel(shipment=small, by=buyer)

    assert Refund.objects.get().amount == Decimal("300.00")
    assert Shipment.objects.get(pk=small.pk).history.count() == 1


def test_cancellation_while_the_payment_lands_refunds_the_shipment_once(
    buyer, django_capture_on_commit_callbacks
):
    """Even if a cancellation slipped in after the payment marked the order paid (the order
    lock prevents it between processes), the payment refunds no 'excess' a second time."""
    order, _big, small = _two_seller_order(buyer)
    payment = start_payment(order=order)

    def buyer_cancels(_order):
        buyer_cancel(shipment=small, by=buyer)

    # Just before the payment works out what it covers beyond the payable total.
    with run_before("orders.services.refunds.refunded_total", buyer_cancels):
        _pay(order, django_capture_on_commit_callbacks, payment=payment)

    refunds = list(Refund.objects.all())
    assert [(r.amount, r.reason) for r in refunds] == [(Decimal("300.00"), Refund.Reason.CANCELLED)]


def test_cancellation_before_the_payment_lands_refunds_the_difference_once(
    buyer, django_capture_on_commit_callbacks
):
    order, _big, small = _two_seller_order(buyer)
    payment = start_payment(order=order)  # ₹800 asked, the buyer is paying
    buyer_cancel(shipment=small, by=buyer)  # lands first: the order now asks ₹500

    _pay(order, django_capture_on_commit_callbacks, payment=payment)

    refunds = list(Refund.objects.all())
    assert [(r.amount, r.reason) for r in refunds] == [(Decimal("300.00"), Refund.Reason.OVERPAID)]
