from decimal import Decimal

import pytest
from django.urls import reverse

from orders.carts import DbCart
from orders.errors import ListingUnavailable, OutOfStock
from orders.models import CartLine
from orders.services import add_to_cart, set_quantity
from tests.factories import PASSWORD, ListingFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_adds_to_a_session_cart(client, listing):
    response = client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 2})

    assert response.status_code == 302
    assert client.session["cart"] == {str(listing.pk): [2, "499.00"]}
    assert CartLine.objects.count() == 0


def test_buyer_cart_lives_in_the_database(client, buyer, listing):
    client.force_login(buyer)

    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 2})

    line = CartLine.objects.get()
    assert (line.cart.user, line.listing, line.quantity, line.price_when_added) == (
        buyer,
        listing,
        3,
        Decimal("499.00"),
    )


def test_quantity_is_limited_by_stock(buyer):
    listing = ListingFactory(stock=3)
    cart = DbCart(buyer)

    with pytest.raises(OutOfStock, match="Only 3"):
        add_to_cart(cart=cart, listing_id=listing.pk, quantity=4)

    assert cart.stored_lines() == []


def test_paused_listing_cannot_be_added(buyer):
    listing = ListingFactory(paused=True)

    with pytest.raises(ListingUnavailable):
        add_to_cart(cart=DbCart(buyer), listing_id=listing.pk)


def test_change_quantity_and_remove_without_javascript(client, listing):
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    client.post(reverse("orders:cart-update", args=[listing.pk]), {"quantity": 5})
    assert client.session["cart"][str(listing.pk)][0] == 5

    response = client.post(reverse("orders:cart-remove", args=[listing.pk]))
    assert response.status_code == 302
    assert client.session["cart"] == {}


def test_htmx_update_answers_with_the_cart_fragment(client, listing):
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    response = client.post(
        reverse("orders:cart-update", args=[listing.pk]),
        {"quantity": 3},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<div id="cart"')
    assert "<html" not in body
    assert "₹1,497.00" in body


def test_too_many_gives_a_message_and_keeps_the_line(client, listing):
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    response = client.post(
        reverse("orders:cart-update", args=[listing.pk]), {"quantity": 21}, follow=True
    )

    assert "Only 20 of" in response.content.decode()
    assert client.session["cart"][str(listing.pk)][0] == 1


def test_cart_page_groups_lines_by_seller_with_subtotals(client, listing, other_listing):
    ListingFactory(seller=listing.seller, title="Rose Attar", price="300.00", mrp="300.00")
    for item in (listing, other_listing):
        client.post(reverse("orders:cart-add"), {"listing": item.pk, "quantity": 2})

    body = client.get(reverse("orders:cart")).content.decode()

    assert body.count('class="cart-seller"') == 2
    assert "₹998.00" in body  # 2 × 499
    assert "₹2,360.00" in body  # 2 × 1180
    assert "₹3,358.00" in body  # total


def test_session_cart_merges_into_buyer_cart_at_login(client, buyer, listing, other_listing):
    DbCart(buyer).put(listing_id=listing.pk, quantity=1, price=Decimal("499.00"))
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 2})
    client.post(reverse("orders:cart-add"), {"listing": other_listing.pk, "quantity": 1})

    assert client.login(email=buyer.email, password=PASSWORD)

    lines = {line.listing_id: line.quantity for line in DbCart(buyer).stored_lines()}
    assert lines == {listing.pk: 3, other_listing.pk: 1}
    assert "cart" not in client.session


def test_merge_caps_quantity_at_stock(client, buyer):
    listing = ListingFactory(stock=2)
    DbCart(buyer).put(listing_id=listing.pk, quantity=2, price=listing.price)
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 2})

    client.login(email=buyer.email, password=PASSWORD)

    assert [line.quantity for line in DbCart(buyer).stored_lines()] == [2]


def test_set_quantity_zero_removes_the_line(buyer, listing):
    cart = DbCart(buyer)
    add_to_cart(cart=cart, listing_id=listing.pk)

    set_quantity(cart=cart, listing_id=listing.pk, quantity=0)

    assert cart.stored_lines() == []


def test_cart_queries_do_not_grow_with_lines(
    client, buyer, django_assert_num_queries, session_queries
):
    client.force_login(buyer)
    cart = DbCart(buyer)
    for _ in range(2):
        add_to_cart(cart=cart, listing_id=ListingFactory().pk)
    # (session), user, cart lines, listings with sellers and places
    with django_assert_num_queries(3 + session_queries):
        client.get(reverse("orders:cart"))
    for _ in range(10):
        add_to_cart(cart=cart, listing_id=ListingFactory().pk)
    with django_assert_num_queries(3 + session_queries):
        response = client.get(reverse("orders:cart"))
    assert response.content.decode().count('class="cart-line"') == 12


def test_cart_and_checkout_pages_work_in_hindi(client, buyer, listing):
    client.force_login(buyer)
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    cart = client.get("/hi/cart/")
    checkout = client.get("/hi/checkout/")

    assert (cart.status_code, checkout.status_code) == (200, 200)
    assert '<html lang="hi">' in cart.content.decode()
    assert 'action="/hi/cart/lines/' in cart.content.decode()


def test_cart_follows_the_visitor_through_the_login_page(client, buyer, listing):
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 2})

    response = client.post(
        reverse("accounts:login"), {"username": buyer.email, "password": PASSWORD}, follow=True
    )
    cart_page = client.get(reverse("orders:cart")).content.decode()

    assert response.context["user"] == buyer
    assert [(line.listing_id, line.quantity) for line in DbCart(buyer).stored_lines()] == [
        (listing.pk, 2)
    ]
    assert "Kannauj Attar 10 ml" in cart_page


def test_visitor_checking_out_logs_in_and_lands_on_checkout_with_the_cart(client, buyer, listing):
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    to_login = client.get(reverse("orders:checkout"))
    login_url = to_login["Location"]
    landed = client.post(login_url, {"username": buyer.email, "password": PASSWORD})

    assert login_url.startswith(reverse("accounts:login"))
    assert landed["Location"] == reverse("orders:checkout")
    assert client.get(landed["Location"]).status_code == 200
    assert [line.quantity for line in DbCart(buyer).stored_lines()] == [1]
