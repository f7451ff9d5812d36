"""Races on PostgreSQL: real threads, each with its own database connection.

PostgreSQL here allows 100 connections, shared with other test runs, so the threads take a
connection from a bounded pool (a semaphore), as a web tier with a connection pool does;
all of them are started together and race for the same rows.
"""

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, connections
from django.urls import reverse
from django.utils import timezone

from catalog.models import Listing
from orders.carts import DbCart
from orders.models import Invoice, Order, Shipment
from orders.services import add_to_cart, expire_unpaid_orders, place_order, seller_move
from tests.factories import ListingFactory, SellerFactory, UserFactory

from .factories import AddressFactory, place

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.usefixtures("gst_rates"),
]
POOL = threading.BoundedSemaphore(40)


def run_together(jobs: list[Callable[[], object]]) -> list[object]:
    """Start every job at once; each returns a value or the exception it raised."""
    results: list[object] = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def worker(index: int) -> None:
        start.wait()
        with POOL:
            try:
                results[index] = jobs[index]()
            except Exception as error:
                results[index] = error
            finally:
                connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a checkout hung: deadlock?"
    return results


def test_100_concurrent_checkouts_for_10_units_never_oversell(on_postgres, client):
    listing = ListingFactory(stock=10, price="499.00", mrp="499.00")
    buyers = UserFactory.create_batch(100)
    forms = []
    for buyer in buyers:
        address = AddressFactory(user=buyer, state=listing.district.state)
        add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=1)
        forms.append(
            {
                "address": address.pk,
                "payment_method": "cod",
                "idempotency_key": uuid.uuid4().hex,
                "expected_total": "499.00",
            }
        )

    def checkout(buyer, form):
        def job():
            from django.test import Client

            web = Client()
            web.force_login(buyer)
            response = web.post(reverse("orders:place-order"), form)
            return (
                response.status_code,
                response.content.decode() if response.status_code != 302 else "",
            )

        return job

    results = run_together([checkout(b, f) for b, f in zip(buyers, forms, strict=True)])

    codes = Counter(r[0] if isinstance(r, tuple) else type(r).__name__ for r in results)
    assert codes == {302: 10, 409: 90}
    refusals = [r[1] for r in results if r[0] == 409]
    assert all("sold out" in body or "Only 0 of" in body for body in refusals)
    assert Listing.objects.get(pk=listing.pk).stock == 0
    assert Order.objects.count() == 10
    assert sum(s.lines.get().quantity for s in Shipment.objects.all()) == 10


def test_two_orders_sharing_two_listings_in_opposite_order_never_deadlock(on_postgres):
    first = ListingFactory(stock=1000)
    second = ListingFactory(seller=first.seller, stock=1000)
    rounds = 15
    jobs = []
    for index in range(rounds * 2):
        buyer = UserFactory()
        address = AddressFactory(user=buyer, state=first.district.state)
        cart = DbCart(buyer)
        pair = (first, second) if index % 2 else (second, first)  # opposite cart order
        for listing in pair:
            add_to_cart(cart=cart, listing_id=listing.pk, quantity=1)
        for listing in pair:
            add_to_cart(cart=cart, listing_id=listing.pk, quantity=1)  # touch both lines again
        jobs.append(
            lambda buyer=buyer, address=address: place_order(
                buyer=buyer, address=address, payment_method="cod", idempotency_key=uuid.uuid4().hex
            )
        )

    results = run_together(jobs)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert not any(isinstance(r, OperationalError) for r in results)
    assert Listing.objects.get(pk=first.pk).stock == 1000 - 2 * rounds * 2
    assert Listing.objects.get(pk=second.pk).stock == 1000 - 2 * rounds * 2


def test_concurrent_dispatches_get_unique_consecutive_invoice_numbers(on_postgres):
    seller = SellerFactory(gstin="09AAPFU0939F1ZV")
    listing = ListingFactory(seller=seller, stock=100)
    buyer = UserFactory()
    shipments = []
    for _ in range(30):
        shipment = place(buyer=buyer, items=[(listing, 1)]).shipments.get()
        seller_move(shipment=shipment, to="accepted", by=seller.user)
        seller_move(shipment=shipment, to="packed", by=seller.user)
        shipments.append(shipment)

    results = run_together(
        [
            lambda s=s: seller_move(
                shipment=s,
                to="dispatched",
                by=seller.user,
                courier="DTDC",
                tracking_number=f"T{s.pk}",
            )
            for s in shipments
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    serials = sorted(Invoice.objects.filter(seller=seller).values_list("serial", flat=True))
    assert serials == list(range(1, 31))
    assert Invoice.objects.filter(seller=seller).values("number").distinct().count() == 30


def test_connection_is_postgres_here(on_postgres):
    assert connection.vendor == "postgresql"


def test_expiry_running_twice_at_once_returns_stock_once(on_postgres, settings):
    listing = ListingFactory(stock=50)
    buyers = UserFactory.create_batch(5)
    for buyer in buyers:
        place(buyer=buyer, items=[(listing, 3)], payment_method=Order.PaymentMethod.ONLINE)
    assert Listing.objects.get(pk=listing.pk).stock == 35
    later = timezone.now() + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES + 1)

    results = run_together([lambda: expire_unpaid_orders(now=later) for _ in range(4)])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(results) == 5
    assert Listing.objects.get(pk=listing.pk).stock == 50
    assert Order.objects.filter(status=Order.Status.EXPIRED).count() == 5


def test_two_tabs_placing_one_cart_at_once_make_one_order(on_postgres):
    """The outside test's 5 of 5: now one order per cart, and the other tab is told so."""
    from orders.errors import CartAlreadyOrdered

    listing = ListingFactory(stock=100, price="499.00", mrp="499.00")
    for _round in range(5):
        buyer = UserFactory()
        address = AddressFactory(user=buyer, state=listing.district.state)
        add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=2)

        def tab(buyer=buyer, address=address):
            return place_order(
                buyer=buyer, address=address, payment_method="cod", idempotency_key=uuid.uuid4().hex
            )

        results = run_together([tab, tab])

        kinds = sorted(type(r).__name__ for r in results)
        assert kinds == ["CartAlreadyOrdered", "Order"], results
        refusal = next(r for r in results if isinstance(r, CartAlreadyOrdered))
        assert refusal.order == Order.objects.get(buyer=buyer)
    assert Listing.objects.get(pk=listing.pk).stock == 100 - 5 * 2


def test_payment_and_cancellation_at_once_refund_the_cancelled_shipment_once(on_postgres):
    from decimal import Decimal

    from orders.models import Payment, Refund
    from orders.services import buyer_cancel, mark_paid, start_payment

    first = ListingFactory(stock=100, price="500.00", mrp="500.00")
    second = ListingFactory(
        stock=100, price="300.00", mrp="300.00", seller=SellerFactory(district=first.district)
    )
    for round_number in range(5):
        buyer = UserFactory()
        address = AddressFactory(user=buyer, state=first.district.state)
        for listing in (first, second):
            add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=1)
        order = place_order(
            buyer=buyer, address=address, payment_method="online", idempotency_key=uuid.uuid4().hex
        )
        payment = start_payment(order=order)  # ₹800
        small = order.shipments.get(total=Decimal("300.00"))

        results = run_together(
            [
                lambda p=payment, n=round_number: mark_paid(
                    gateway_order_id=p.gateway_order_id, payment_id=f"pay_race_{n}"
                ),
                lambda s=small, b=buyer: buyer_cancel(shipment=s, by=b),
            ]
        )

        assert not any(isinstance(r, Exception) for r in results), results
        refunds = list(Refund.objects.filter(order=order))
        assert [r.amount for r in refunds] == [Decimal("300.00")], refunds
        assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PAID
        assert Order.objects.get(pk=order.pk).status == Order.Status.PLACED
