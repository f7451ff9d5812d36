import uuid
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from catalog.models import Listing
from districts.models import State
from orders.carts import DbCart
from orders.errors import CartChanged, GstRateNotInForce, OutOfStock, SellerCannotShipThere
from orders.models import Order, OrderLine, Shipment
from orders.services import add_to_cart, place_order
from tests.factories import ListingFactory, SellerFactory, StateFactory

from .factories import AddressFactory, place

pytestmark = pytest.mark.django_db
D = Decimal
IST = ZoneInfo("Asia/Kolkata")


def test_one_order_with_one_shipment_per_seller(buyer, listing, other_listing):
    order = place(buyer=buyer, items=[(listing, 2), (other_listing, 1)])

    shipments = list(order.shipments.order_by("seller__display_name"))
    assert order.status == Order.Status.PLACED
    assert [s.seller for s in shipments] == [other_listing.seller, listing.seller]
    assert order.total == D("2178.00")  # 2 × 499 + 1180
    assert sum(s.total for s in shipments) == order.total
    assert Listing.objects.get(pk=listing.pk).stock == 18
    assert Listing.objects.get(pk=other_listing.pk).stock == 19
    assert DbCart(buyer).stored_lines() == []


def test_lines_keep_a_snapshot_and_tax_for_the_place_of_supply(buyer, listing, other_listing):
    listing.seller.gstin = "09AAPFU0939F1ZV"
    listing.seller.save()
    order = place(buyer=buyer, items=[(listing, 2), (other_listing, 1)])
    Listing.objects.filter(pk=listing.pk).update(price=D("599.00"), title="Renamed")

    intra = OrderLine.objects.get(shipment__order=order, listing=listing)
    inter = OrderLine.objects.get(shipment__order=order, listing=other_listing)
    assert (intra.title, intra.unit_price, intra.hsn_code, intra.gst_rate) == (
        "Kannauj Attar 10 ml",
        D("499.00"),
        "4420",
        D("5.00"),
    )
    # Delivered in the seller's own state: CGST + SGST on 998.00 at 5 %.
    assert (intra.taxable_value, intra.cgst, intra.sgst, intra.igst) == (
        D("950.48"),
        D("23.76"),
        D("23.76"),
        D("0"),
    )
    # other_seller is in another state: IGST on 1180.00 at 18 %.
    assert (inter.taxable_value, inter.igst, inter.cgst) == (D("1000.00"), D("180.00"), D("0"))
    assert order.total_tax == D("227.52")


def test_delivery_to_a_ut_without_legislature_charges_utgst(buyer):
    ladakh = StateFactory(name="Ladakh", gst_code="38", kind="ut", uses_utgst=True)
    seller = SellerFactory(district__state=ladakh, gstin="38AAPFU0939F1ZS")
    item = ListingFactory(
        seller=seller, price="1180.00", mrp="1200.00", hsn_code="3303", gst_rate="18.00"
    )

    order = place(buyer=buyer, items=[(item, 1)], address=AddressFactory(user=buyer, state=ladakh))

    line = OrderLine.objects.get(shipment__order=order)
    assert (line.cgst, line.utgst, line.sgst, line.taxable_value) == (
        D("90.00"),
        D("90.00"),
        D("0"),
        D("1000.00"),
    )


def test_posted_price_is_ignored(client, buyer, listing):
    client.force_login(buyer)
    address = AddressFactory(user=buyer, state=listing.district.state)
    add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=1)

    client.post(
        reverse("orders:place-order"),
        {
            "address": address.pk,
            "payment_method": "cod",
            "idempotency_key": uuid.uuid4().hex,
            "expected_total": "499.00",
            "price": "1.00",
            "total": "1.00",
        },
    )

    assert Order.objects.get().total == D("499.00")


def test_double_submit_with_the_same_key_makes_one_order(client, buyer, listing):
    client.force_login(buyer)
    address = AddressFactory(user=buyer, state=listing.district.state)
    add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=2)
    form = {
        "address": address.pk,
        "payment_method": "cod",
        "idempotency_key": "a" * 32,
        "expected_total": "998.00",
    }

    first = client.post(reverse("orders:place-order"), form)
    second = client.post(reverse("orders:place-order"), form)

    order = Order.objects.get()
    assert first["Location"] == second["Location"] == order.get_absolute_url()
    assert Listing.objects.get(pk=listing.pk).stock == 18


def test_price_change_after_review_is_told_before_placing(client, buyer, listing):
    client.force_login(buyer)
    address = AddressFactory(user=buyer, state=listing.district.state)
    add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=1)
    Listing.objects.filter(pk=listing.pk).update(price=D("549.00"))

    review = client.post(
        reverse("orders:checkout"), {"address": address.pk, "payment_method": "cod", "review": "1"}
    )
    response = client.post(
        reverse("orders:place-order"),
        {
            "address": address.pk,
            "payment_method": "cod",
            "idempotency_key": "b" * 32,
            "expected_total": "499.00",
        },
    )

    assert "was ₹499.00, now ₹549.00" in review.content.decode()
    assert response.status_code == 409
    assert "Prices changed" in response.content.decode()
    assert Order.objects.count() == 0
    assert Listing.objects.get(pk=listing.pk).stock == 20


def test_cart_changed_raises_in_the_service(buyer, listing):
    add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=1)

    with pytest.raises(CartChanged):
        place_order(
            buyer=buyer,
            address=AddressFactory(user=buyer, state=listing.district.state),
            payment_method="cod",
            idempotency_key="c" * 32,
            expected_total=D("100.00"),
        )


def test_unregistered_seller_cannot_deliver_to_another_state(client, buyer, listing):
    client.force_login(buyer)
    elsewhere = AddressFactory(user=buyer, state=StateFactory())
    add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=1)

    review = client.post(
        reverse("orders:checkout"),
        {"address": elsewhere.pk, "payment_method": "cod", "review": "1"},
    )
    with pytest.raises(SellerCannotShipThere, match="not GST-registered"):
        place_order(buyer=buyer, address=elsewhere, payment_method="cod", idempotency_key="d" * 32)

    body = review.content.decode()
    assert "is not GST-registered, so the law lets it deliver only inside" in body
    assert f'action="{reverse("orders:cart-remove", args=[listing.pk])}"' in body
    assert 'class="place-order"' not in body
    assert Order.objects.count() == 0


def test_unregistered_seller_charges_no_gst_and_issues_a_bill_of_supply(buyer, seller, listing):
    order = place(buyer=buyer, items=[(listing, 2)])

    line = OrderLine.objects.get(shipment__order=order)
    assert (line.gst_rate, line.taxable_value, line.tax) == (D("0"), D("998.00"), D("0"))
    assert order.total_tax == D("0.00")


def test_registered_seller_delivers_anywhere(buyer, registered_seller):
    item = ListingFactory(seller=registered_seller)

    order = place(
        buyer=buyer, items=[(item, 1)], address=AddressFactory(user=buyer, state=StateFactory())
    )

    assert order.shipments.get().is_intra_state is False


def test_all_or_nothing_when_one_line_is_short(buyer, listing, other_listing):
    cart = DbCart(buyer)
    add_to_cart(cart=cart, listing_id=listing.pk, quantity=2)
    add_to_cart(cart=cart, listing_id=other_listing.pk, quantity=3)
    Listing.objects.filter(pk=other_listing.pk).update(stock=2)

    with pytest.raises(OutOfStock):
        place_order(
            buyer=buyer,
            address=AddressFactory(user=buyer, state=listing.district.state),
            payment_method="cod",
            idempotency_key="e" * 32,
        )

    assert Order.objects.count() == 0
    assert Listing.objects.get(pk=listing.pk).stock == 20
    assert Listing.objects.get(pk=other_listing.pk).stock == 2


def test_the_rate_on_the_day_of_the_order_applies_by_itself(buyer, registered_seller):
    # Toys (9503) went from 12 % to 5 % on 22 September 2025; the listing's stored rate is stale.
    item = ListingFactory(
        seller=registered_seller, hsn_code="9503", price="1120.00", mrp="1120.00", gst_rate="12.00"
    )
    address = AddressFactory(user=buyer, state=item.district.state)

    add_to_cart(cart=DbCart(buyer), listing_id=item.pk, quantity=1)
    with time_machine.travel(datetime(2025, 9, 21, 12, tzinfo=IST)):
        before = place_order(
            buyer=buyer, address=address, payment_method="cod", idempotency_key="f" * 32
        )
    add_to_cart(cart=DbCart(buyer), listing_id=item.pk, quantity=1)
    with time_machine.travel(datetime(2025, 9, 22, 12, tzinfo=IST)):
        after = place_order(
            buyer=buyer, address=address, payment_method="cod", idempotency_key="0" * 32
        )

    line_before = OrderLine.objects.get(shipment__order=before)
    line_after = OrderLine.objects.get(shipment__order=after)
    assert (line_before.gst_rate, line_before.cgst, line_before.taxable_value) == (
        D("12.00"),
        D("60.00"),
        D("1000.00"),
    )
    assert (line_after.gst_rate, line_after.cgst, line_after.taxable_value) == (
        D("5.00"),
        D("26.67"),
        D("1066.66"),
    )


@pytest.mark.parametrize(("price", "rate"), [("2500.00", D("5.00")), ("2500.01", D("18.00"))])
def test_apparel_is_taxed_by_its_price_per_piece(buyer, registered_seller, price, rate):
    item = ListingFactory(
        seller=registered_seller, hsn_code="6204", price=price, mrp="3000.00", gst_rate="5.00"
    )

    order = place(buyer=buyer, items=[(item, 2)])

    assert OrderLine.objects.get(shipment__order=order).gst_rate == rate


def test_a_line_whose_hsn_code_has_no_rule_is_refused(buyer, registered_seller):
    item = ListingFactory(seller=registered_seller, title="Mystery Box", hsn_code="1234")
    address = AddressFactory(user=buyer, state=item.district.state)
    add_to_cart(cart=DbCart(buyer), listing_id=item.pk, quantity=1)

    with pytest.raises(GstRateNotInForce) as refusal:
        place_order(buyer=buyer, address=address, payment_method="cod", idempotency_key="a" * 32)

    assert str(refusal.value) == (
        "No GST rate is known for HSN code 1234 of “Mystery Box” today; remove it from your "
        "cart or ask the seller to correct the listing."
    )
    assert (Order.objects.count(), Listing.objects.get(pk=item.pk).stock) == (0, 20)


def test_checkout_flow_through_the_pages(client, buyer, listing, other_listing):
    client.force_login(buyer)
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})
    client.post(reverse("orders:cart-add"), {"listing": other_listing.pk, "quantity": 1})
    state = listing.district.state
    State.objects.filter(pk=state.pk).update(iso_code="IN-UP")  # Kannauj's PIN 209725 is in UP
    client.post(
        reverse("orders:checkout"),
        {
            "add_address": "1",
            "address-full_name": "Bina Buyer",
            "address-mobile": "9876543210",
            "address-line1": "14 Gandhi Road",
            "address-city": "Kannauj",
            "address-state": state.pk,
            "address-pin_code": "209725",
        },
    )
    address = buyer.addresses.get()

    review = client.post(
        reverse("orders:checkout"), {"address": address.pk, "payment_method": "cod", "review": "1"}
    )
    body = review.content.decode()
    key = body.split('name="idempotency_key" value="')[1][:32]
    placed = client.post(
        reverse("orders:place-order"),
        {
            "address": address.pk,
            "payment_method": "cod",
            "idempotency_key": key,
            "expected_total": "1679.00",
        },
        follow=True,
    )

    order = Order.objects.get()
    assert "No GST (seller not registered)" in body  # the seller has no GSTIN
    assert "IGST 18%: ₹180.00" in body
    assert placed.redirect_chain == [(order.get_absolute_url(), 302)]
    assert placed.content.decode().count('class="shipment"') == 2


def test_address_form_rejects_bad_pin_and_mobile(client, buyer, listing):
    client.force_login(buyer)
    add_to_cart(cart=DbCart(buyer), listing_id=listing.pk)

    response = client.post(
        reverse("orders:checkout"),
        {
            "add_address": "1",
            "address-full_name": "B",
            "address-mobile": "12345",
            "address-line1": "x",
            "address-city": "y",
            "address-state": listing.district.state.pk,
            "address-pin_code": "011001",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "does not start with 0" in body
    assert "10-digit Indian mobile number" in body
    assert buyer.addresses.count() == 0


def test_checkout_review_queries_do_not_grow(
    client, buyer, registered_seller, django_assert_num_queries, session_queries
):
    client.force_login(buyer)
    address = AddressFactory(user=buyer, state=registered_seller.district.state)
    cart = DbCart(buyer)
    add_to_cart(cart=cart, listing_id=ListingFactory(seller=registered_seller).pk)
    form = {"address": address.pk, "payment_method": "cod", "review": "1"}
    # (session), user, cart count, the chosen address, cart lines, listings, GST rates in force
    with django_assert_num_queries(6 + session_queries):
        client.post(reverse("orders:checkout"), form)
    for _ in range(8):
        add_to_cart(cart=cart, listing_id=ListingFactory(seller=registered_seller).pk)
        add_to_cart(cart=cart, listing_id=ListingFactory().pk)
    with django_assert_num_queries(6 + session_queries):
        response = client.post(reverse("orders:checkout"), form)
    assert response.content.decode().count("<tr><td data-label=") == 17  # every line reviewed


def test_order_is_not_a_shipment_of_nobody(buyer, listing):
    order = place(buyer=buyer, items=[(listing, 1)])

    assert Shipment.objects.filter(order=order).count() == 1
