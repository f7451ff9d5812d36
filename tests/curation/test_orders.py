"""Curators find orders by number, e-mail or phone, see all of an order, and cancel a shipment on
the buyer's behalf through the buyer's own cancellation (refund and stock included), audited."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from catalog.models import Listing
from curation.models import AuditEntry
from orders.models import Order, Refund, Shipment
from orders.services import mark_paid, seller_move, start_payment
from tests.factories import ListingFactory, SellerFactory, UserFactory
from tests.orders.factories import AddressFactory, place

pytestmark = pytest.mark.django_db
SEARCH_URL = reverse("curation:order-search")
S = Shipment.Status


@pytest.fixture(autouse=True)
def _payments(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://testserver"
    settings.PAYMENT_GATEWAY = "orders.services.payments.FakeGateway"
    settings.FAKE_PAYMENTS_ALLOWED = True


def _order(buyer, *, method=Order.PaymentMethod.COD, mobile="9876543210", sellers=1):
    """An order of `sellers` shipments of ₹500 (2 units) each, from sellers of one district."""
    first = ListingFactory(price="250.00", mrp="250.00", stock=10)
    listings = [first] + [
        ListingFactory(
            price="250.00",
            mrp="250.00",
            stock=10,
            seller=SellerFactory(district=first.seller.district),
            district=first.district,
        )
        for _ in range(sellers - 1)
    ]
    address = AddressFactory(user=buyer, state=first.district.state, mobile=mobile)
    return place(
        buyer=buyer,
        items=[(listing, 2) for listing in listings],
        address=address,
        payment_method=method,
    )


def _pay(order, capture):
    payment = start_payment(order=order)
    with capture(execute=True):
        mark_paid(gateway_order_id=payment.gateway_order_id, payment_id=f"pay_{order.pk}")
    order.refresh_from_db()


def _entries(shipment):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Shipment), object_id=str(shipment.pk)
    )


def _cancel(client, shipment, reason="Buyer called: ordered twice by mistake.", **kwargs):
    return client.post(
        reverse("curation:shipment-cancel", args=[shipment.pk]), {"reason": reason}, **kwargs
    )


def test_outsiders_get_403_and_nothing_is_cancelled(client, outsiders, buyer):
    order = _order(buyer)
    shipment = order.shipments.get()
    for user in outsiders:
        client.force_login(user)
        assert client.get(SEARCH_URL, {"q": order.number}).status_code == 403
        assert client.get(reverse("curation:order", args=[order.pk])).status_code == 403
        assert _cancel(client, shipment).status_code == 403
    shipment.refresh_from_db()
    assert shipment.status == S.PLACED
    assert not AuditEntry.objects.exists()


def test_anonymous_visitors_go_to_the_login_page(client, buyer):
    order = _order(buyer)
    for url in (SEARCH_URL, reverse("curation:order", args=[order.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "query",
    [
        "{number}",
        "{number_lower}",
        "{pk}",
        "{email}",
        "{email_upper}",
        "9876543210",
        "+91 98765 43210",
        "098765-43210",
    ],
)
def test_search_finds_the_order_by_each_key(curator_client, query):
    buyer = UserFactory(email="meera.k@example.test")
    order = _order(buyer, mobile="9876543210")
    other = _order(UserFactory(), mobile="9123456789")
    text = query.format(
        number=order.number,
        number_lower=order.number.lower(),
        pk=order.pk,
        email=buyer.email,
        email_upper=buyer.email.upper(),
    )

    page = curator_client.get(SEARCH_URL, {"q": text}).content.decode()

    assert reverse("curation:order", args=[order.pk]) in page
    assert reverse("curation:order", args=[other.pk]) not in page
    assert "1 order found." in page


def test_search_by_a_mobile_on_the_buyers_saved_addresses(curator_client):
    buyer = UserFactory()
    order = _order(buyer, mobile="9876543210")
    AddressFactory(user=buyer, mobile="7000000001")

    page = curator_client.get(SEARCH_URL, {"q": "7000000001"}).content.decode()

    assert reverse("curation:order", args=[order.pk]) in page


def test_search_without_a_match_says_so(curator_client, buyer):
    _order(buyer)

    for text in ("nobody@example.test", "OB9999999", "hello", "12345"):
        response = curator_client.get(SEARCH_URL, {"q": text})
        assert response.status_code == 200
        assert "No order matches." in response.content.decode()


def test_search_queries_do_not_grow(curator_client, session_queries, django_assert_num_queries):
    buyer = UserFactory(email="many@example.test")
    _order(buyer)
    curator_client.get(SEARCH_URL, {"q": buyer.email})
    with django_assert_num_queries(4 + session_queries):
        curator_client.get(SEARCH_URL, {"q": buyer.email})
    for _ in range(4):
        _order(buyer)
    with django_assert_num_queries(4 + session_queries):
        page = curator_client.get(SEARCH_URL, {"q": buyer.email}).content.decode()
    assert "5 orders found." in page


def test_order_page_shows_shipments_lines_payments_refunds_and_history(
    curator_client, buyer, django_capture_on_commit_callbacks
):
    order = _order(buyer, method=Order.PaymentMethod.ONLINE, sellers=2)
    _pay(order, django_capture_on_commit_callbacks)
    first, second = order.shipments.order_by("pk")
    seller_move(shipment=first, to=S.ACCEPTED, by=first.seller.user)
    with django_capture_on_commit_callbacks(execute=True):
        _cancel(curator_client, second)

    page = curator_client.get(reverse("curation:order", args=[order.pk])).content.decode()

    assert f"Order {order.number}" in page
    assert buyer.email in page
    assert page.count("Shipment from") == 2
    assert first.lines.get().title in page
    assert f"pay_{order.pk}" in page  # the payment
    assert "₹1,000.00" in page  # what was paid
    assert '<td data-label="Amount" class="num">₹500.00</td>' in page  # the refund
    assert '<td data-label="Status">Refunded</td>' in page
    assert "Placed → Accepted" in page  # status history
    assert "Buyer called: ordered twice by mistake." in page


def test_order_page_queries_do_not_grow(
    curator_client, buyer, session_queries, django_assert_num_queries
):
    small = _order(buyer, sellers=1)
    big = _order(buyer, sellers=4)
    for shipment in big.shipments.all():
        seller_move(shipment=shipment, to=S.ACCEPTED, by=shipment.seller.user)
    curator_client.get(reverse("curation:order", args=[small.pk]))

    with django_assert_num_queries(10 + session_queries):
        curator_client.get(reverse("curation:order", args=[small.pk]))
    with django_assert_num_queries(10 + session_queries):
        curator_client.get(reverse("curation:order", args=[big.pk]))


def test_cancelling_a_paid_online_shipment_refunds_it_restocks_and_audits_once(
    curator, curator_client, buyer, django_capture_on_commit_callbacks
):
    order = _order(buyer, method=Order.PaymentMethod.ONLINE, sellers=2)
    _pay(order, django_capture_on_commit_callbacks)
    shipment = order.shipments.order_by("pk").last()
    listing = Listing.objects.get(pk=shipment.lines.get().listing_id)
    stock_before = listing.stock
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _cancel(curator_client, shipment, follow=True)

    shipment.refresh_from_db()
    listing.refresh_from_db()
    assert shipment.status == S.CANCELLED
    assert shipment.cancel_reason == "Buyer called: ordered twice by mistake."
    assert listing.stock == stock_before + 2
    refund = Refund.objects.get()
    assert (refund.amount, refund.status, refund.shipment, refund.requested_by) == (
        Decimal("500.00"),
        Refund.Status.PROCESSED,
        shipment,
        curator,
    )
    entry = _entries(shipment).get()
    assert (entry.actor, entry.action, entry.reason) == (
        curator,
        "shipment.cancel",
        "Buyer called: ordered twice by mistake.",
    )
    assert entry.changes["status"] == ["placed", "cancelled"]
    assert entry.changes["refund"] == [None, "500.00"]
    assert AuditEntry.objects.count() == 1
    assert shipment.history.get(to_status=S.CANCELLED).by == curator
    assert "Shipment cancelled on the buyer&#x27;s behalf." in response.content.decode()
    assert f"Order {order.number}: a refund is on its way" in [m.subject for m in mail.outbox]


def test_cancelling_cash_on_delivery_restocks_and_refunds_nothing(curator_client, buyer):
    order = _order(buyer)
    shipment = order.shipments.get()

    _cancel(curator_client, shipment)

    shipment.refresh_from_db()
    order.refresh_from_db()
    assert shipment.status == S.CANCELLED
    assert Listing.objects.get(pk=shipment.lines.get().listing_id).stock == 10
    assert not Refund.objects.exists()
    assert _entries(shipment).count() == 1


@pytest.mark.parametrize("status", [S.DISPATCHED, S.DELIVERED])
def test_a_dispatched_or_delivered_shipment_is_not_cancelled_and_the_reason_shown(
    curator_client, buyer, status
):
    order = _order(buyer)
    shipment = order.shipments.get()
    for step in (S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED):
        seller_move(
            shipment=shipment, to=step, by=shipment.seller.user, courier="DTDC", tracking_number="1"
        )
        if step == status:
            break

    response = _cancel(curator_client, shipment, follow=True)

    assert response.status_code == 200
    assert (
        f"The shipment was not cancelled: It is {status.label.lower()}. Only a shipment not yet "
        "dispatched can be cancelled for the buyer"
    ) in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.status == status
    assert not AuditEntry.objects.exists()
    assert not Refund.objects.exists()


def test_cancelling_needs_a_reason(curator_client, buyer):
    order = _order(buyer)
    shipment = order.shipments.get()

    response = _cancel(curator_client, shipment, reason="   ")

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.status == S.PLACED
    assert not AuditEntry.objects.exists()


def test_an_unknown_shipment_or_order_is_404(curator_client):
    assert curator_client.get(reverse("curation:order", args=[999999])).status_code == 404
    assert _cancel(curator_client, type("S", (), {"pk": 999999})()).status_code == 404


def test_pages_render_in_hindi(curator_client, buyer):
    order = _order(buyer)

    assert curator_client.get(f"/hi/curate/orders/?q={order.number}").status_code == 200
    assert curator_client.get(f"/hi/curate/orders/{order.pk}/").status_code == 200
