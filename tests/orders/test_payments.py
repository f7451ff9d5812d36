import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalog.models import Listing
from orders.errors import TransitionNotAllowed
from orders.models import Notification, Order, Payment, Shipment, WebhookEvent
from orders.services import expire_unpaid_orders, seller_move, start_payment
from orders.services.payments import RazorpayGateway
from orders.tasks import expire_unpaid_orders as expire_task

from .factories import AddressFactory, place

pytestmark = pytest.mark.django_db
WEBHOOK_URL = "/payments/razorpay/webhook/"


def _sign(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _online_order(buyer, listing, quantity=2):
    order = place(
        buyer=buyer, items=[(listing, quantity)], payment_method=Order.PaymentMethod.ONLINE
    )
    return order, start_payment(order=order)


def _webhook_body(payment, payment_id="pay_123", amount_paise=None):
    amount = amount_paise if amount_paise is not None else int(payment.amount * 100)
    return json.dumps(
        {
            "event": "payment.captured",
            "payload": {
                "payment": {
                    "entity": {
                        "id": payment_id,
                        "order_id": payment.gateway_order_id,
                        "amount": amount,
                    }
                }
            },
        }
    ).encode()


def _post_signed(client, body, **headers):
    signature = _sign("test-webhook-secret", body)
    return client.post(
        WEBHOOK_URL,
        body,
        content_type="application/json",
        headers={"X-Razorpay-Signature": signature, **headers},
    )


def test_online_order_waits_for_payment_and_holds_stock(client, buyer, listing):
    order, payment = _online_order(buyer, listing)

    client.force_login(buyer)
    response = client.get(reverse("orders:order-pay", args=[order.pk]))

    assert order.status == Order.Status.AWAITING_PAYMENT
    assert payment.amount == order.total
    assert Listing.objects.get(pk=listing.pk).stock == 18
    assert "Pay (test gateway)" in response.content.decode()
    assert Notification.objects.count() == 0  # nothing to tell anyone until it is paid


def test_signed_callback_marks_the_order_paid(
    client, buyer, listing, django_capture_on_commit_callbacks
):
    order, payment = _online_order(buyer, listing)
    client.force_login(buyer)
    signature = _sign("test-key-secret", f"{payment.gateway_order_id}|pay_abc".encode())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orders:payment-callback", args=[order.pk]),
            {
                "razorpay_order_id": payment.gateway_order_id,
                "razorpay_payment_id": "pay_abc",
                "razorpay_signature": signature,
            },
        )

    order.refresh_from_db()
    assert response.status_code == 302
    assert (order.status, order.is_paid) == (Order.Status.PLACED, True)
    assert Payment.objects.get().gateway_payment_id == "pay_abc"
    assert sorted(m.subject for m in mail.outbox) == sorted(
        [
            f"Payment received for order {order.number}",
            f"Your order {order.number} is placed",
            f"New order {order.number} to fulfil",
        ]
    )


def test_callback_with_a_bad_signature_changes_nothing(client, buyer, listing):
    order, payment = _online_order(buyer, listing)
    client.force_login(buyer)

    response = client.post(
        reverse("orders:payment-callback", args=[order.pk]),
        {
            "razorpay_order_id": payment.gateway_order_id,
            "razorpay_payment_id": "pay_abc",
            "razorpay_signature": "0" * 64,
        },
    )

    assert response.status_code == 400
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT
    assert Payment.objects.get().status == Payment.Status.CREATED


def test_webhook_is_verified_and_idempotent(
    client, buyer, listing, django_capture_on_commit_callbacks
):
    order, payment = _online_order(buyer, listing)
    body = _webhook_body(payment)
    headers = {
        "X-Razorpay-Signature": _sign("test-webhook-secret", body),
        "X-Razorpay-Event-Id": "evt_1",
    }

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(WEBHOOK_URL, body, content_type="application/json", headers=headers)
        replay = client.post(WEBHOOK_URL, body, content_type="application/json", headers=headers)
        other_event_same_payment = client.post(
            WEBHOOK_URL,
            body,
            content_type="application/json",
            headers={**headers, "X-Razorpay-Event-Id": "evt_2"},
        )

    assert [first.status_code, replay.status_code, other_event_same_payment.status_code] == [
        200,
        200,
        200,
    ]
    assert Order.objects.get(pk=order.pk).status == Order.Status.PLACED
    assert WebhookEvent.objects.count() == 2
    assert len(mail.outbox) == 3  # payment received, order placed, new order: once each


def test_webhook_with_a_bad_signature_gets_400_and_changes_nothing(client, buyer, listing):
    order, payment = _online_order(buyer, listing)
    body = _webhook_body(payment)

    response = client.post(
        WEBHOOK_URL, body, content_type="application/json", headers={"X-Razorpay-Signature": "bad"}
    )
    unsigned = client.post(WEBHOOK_URL, body, content_type="application/json")

    assert (response.status_code, unsigned.status_code) == (400, 400)
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT
    assert WebhookEvent.objects.count() == 0


def test_webhook_with_the_wrong_amount_is_refused(client, buyer, listing):
    order, payment = _online_order(buyer, listing)
    body = _webhook_body(payment, amount_paise=100)

    response = _post_signed(client, body)

    assert response.status_code == 400
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT


def test_malformed_signed_webhook_is_a_400(client):
    body = b"not json"

    response = _post_signed(client, body)

    assert response.status_code == 400


def test_expiry_returns_stock_once_even_when_the_task_runs_twice(buyer, listing, settings):
    order, _payment = _online_order(buyer, listing, quantity=3)
    assert Listing.objects.get(pk=listing.pk).stock == 17
    later = timezone.now() + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES + 1)

    first = expire_unpaid_orders(now=later)
    second = expire_unpaid_orders(now=later)
    expire_task.delay()

    assert (first, second) == (1, 0)
    assert Order.objects.get(pk=order.pk).status == Order.Status.EXPIRED
    assert Shipment.objects.get(order=order).status == Shipment.Status.CANCELLED
    assert Listing.objects.get(pk=listing.pk).stock == 20


def test_unexpired_and_cod_orders_are_left_alone(buyer, listing):
    online, _payment = _online_order(buyer, listing)
    cod = place(buyer=buyer, items=[(listing, 1)])

    assert expire_unpaid_orders() == 0

    assert Order.objects.get(pk=online.pk).status == Order.Status.AWAITING_PAYMENT
    assert Order.objects.get(pk=cod.pk).status == Order.Status.PLACED


def test_payment_after_expiry_does_not_revive_the_order(client, buyer, listing, settings):
    order, payment = _online_order(buyer, listing)
    expire_unpaid_orders(now=timezone.now() + timedelta(hours=2))
    body = _webhook_body(payment)

    response = _post_signed(client, body)

    assert response.status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.EXPIRED
    assert Payment.objects.get().status == Payment.Status.PAID  # recorded, for a refund
    assert Listing.objects.get(pk=listing.pk).stock == 20


def test_razorpay_adapter_creates_the_gateway_order_with_the_official_client(monkeypatch):
    calls = {}

    class FakeOrders:
        def create(self, data):
            calls["data"] = data
            return {"id": "order_RZP123", "amount": data["amount"]}

    class FakeClient:
        def __init__(self, auth):
            calls["auth"] = auth
            self.order = FakeOrders()

    monkeypatch.setattr("razorpay.Client", FakeClient)
    gateway = RazorpayGateway(key_id="rzp_test_x", key_secret="s", webhook_secret="w")

    order_id = gateway.create_order(amount_paise=99800, receipt="OB0000001")

    assert order_id == "order_RZP123"
    assert calls == {
        "auth": ("rzp_test_x", "s"),
        "data": {"amount": 99800, "currency": "INR", "receipt": "OB0000001"},
    }
    assert gateway.verify_payment(
        order_id="order_RZP123", payment_id="pay_1", signature=_sign("s", b"order_RZP123|pay_1")
    )
    assert not gateway.verify_payment(
        order_id="order_OTHER", payment_id="pay_1", signature=_sign("s", b"order_RZP123|pay_1")
    )


def test_beat_schedule_runs_the_expiry_task(settings):
    assert (
        settings.CELERY_BEAT_SCHEDULE["expire-unpaid-orders"]["task"]
        == "orders.tasks.expire_unpaid_orders"
    )


def test_fake_gateway_is_refused_where_not_allowed(client, buyer, listing, settings):
    order = place(buyer=buyer, items=[(listing, 1)], payment_method=Order.PaymentMethod.ONLINE)
    settings.FAKE_PAYMENTS_ALLOWED = False
    client.force_login(buyer)

    response = client.get(reverse("orders:order-pay", args=[order.pk]), follow=True)

    assert "Online payment is not available" in response.content.decode()
    assert Payment.objects.count() == 0


def test_checkout_offers_only_cash_on_delivery_without_a_gateway(client, buyer, listing, settings):
    settings.FAKE_PAYMENTS_ALLOWED = False
    address = AddressFactory(user=buyer, state=listing.district.state)
    client.force_login(buyer)
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    page = client.get(reverse("orders:checkout")).content.decode()
    review = client.post(
        reverse("orders:checkout"),
        {"address": address.pk, "payment_method": "online", "review": "1"},
    )

    assert 'value="online"' not in page
    assert "Select a valid choice" in review.content.decode()


def test_seller_cannot_work_an_unpaid_online_order(buyer, seller, listing):
    order, _payment = _online_order(buyer, listing)
    shipment = order.shipments.get()

    with pytest.raises(TransitionNotAllowed, match="not paid"):
        seller_move(shipment=shipment, to=Shipment.Status.ACCEPTED, by=seller.user)

    assert Shipment.objects.get(pk=shipment.pk).status == Shipment.Status.PLACED
