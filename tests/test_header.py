"""The header: "Cart" with the number of items in it, and "Seller dashboard" only for sellers
("Sell on ODOP Bazaar" for everyone else), without a query on every page and without making
an anonymous storefront page uncacheable."""

import re
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from odop_bazaar import header
from tests.factories import PASSWORD, DistrictFactory, ListingFactory, SellerFactory, UserFactory
from tests.orders.factories import AddressFactory
from tests.test_page_cache import page_cache  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
COUNT = re.compile(r'<span class="cart-count" aria-hidden="true">(\d+)</span>')


def cart_count_shown(response) -> int:
    found = COUNT.findall(response.content.decode())
    return int(found[0]) if found else 0


def test_buyer_is_offered_to_sell_and_a_seller_gets_the_dashboard(client, buyer, seller):
    client.force_login(buyer)
    html = client.get("/").content.decode()
    assert "Sell on ODOP Bazaar" in html
    assert "Seller dashboard" not in html

    client.force_login(seller.user)
    html = client.get("/").content.decode()
    assert "Seller dashboard" in html
    assert "Sell on ODOP Bazaar" not in html


def test_starting_onboarding_brings_the_seller_dashboard_into_the_header(client, buyer):
    client.force_login(buyer)
    district = DistrictFactory()
    client.post(
        reverse("sellers:onboarding-step", kwargs={"step": "about"}),
        {
            "kind": "artisan",
            "display_name": "Asha Zari Works",
            "mobile": "9876543210",
            "district": district.pk,
        },
    )

    html = client.get("/").content.decode()

    assert "Seller dashboard" in html


def test_cart_count_follows_the_cart_through_add_remove_and_order(client, buyer):
    first, second = ListingFactory(stock=9), ListingFactory(stock=9)
    AddressFactory(user=buyer, state=first.district.state)
    client.force_login(buyer)
    assert cart_count_shown(client.get("/")) == 0

    client.post(reverse("orders:cart-add"), {"listing": first.pk, "quantity": 2})
    client.post(reverse("orders:cart-add"), {"listing": second.pk, "quantity": 1})
    assert cart_count_shown(client.get("/")) == 3

    client.post(reverse("orders:cart-remove", args=[second.pk]))
    assert cart_count_shown(client.get(first.get_absolute_url())) == 2

    client.post(
        reverse("orders:place-order"),
        {
            "address": buyer.addresses.get().pk,
            "payment_method": "cod",
            "idempotency_key": uuid.uuid4().hex,
            "expected_total": str(first.price * 2),
        },
    )
    assert buyer.orders.count() == 1
    assert cart_count_shown(client.get("/")) == 0


@pytest.mark.usefixtures("page_cache")
def test_a_visitors_cart_is_counted_and_follows_them_into_their_account(buyer):
    listing = ListingFactory(stock=9)
    visitor = Client()
    url = listing.district.get_absolute_url()
    assert visitor.get(url)["X-Page-Cache"] == "miss"  # cached for visitors without a cart

    visitor.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 2})
    visitor.get(url)  # shows the "added" message: a page of their own
    page = visitor.get(url)

    # The shared page, with a header of their own.
    assert page["X-Page-Cache"] == "hit"
    assert cart_count_shown(page) == 2
    assert cart_count_shown(Client().get(url)) == 0
    visitor.post(reverse("accounts:login"), {"username": buyer.email, "password": PASSWORD})
    assert cart_count_shown(visitor.get(url)) == 2


@pytest.mark.usefixtures("page_cache")
def test_reading_the_header_opens_no_session_for_a_visitor(client):
    listing = ListingFactory()

    response = client.get(listing.get_absolute_url())

    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert response["X-Page-Cache"] == "miss"


def test_header_costs_no_query_once_remembered(client, buyer, django_assert_num_queries):
    SellerFactory(user=buyer)
    client.force_login(buyer)
    request = client.get("/").wsgi_request

    with django_assert_num_queries(0):
        assert header.cart_count(request) == 0
        assert header.is_seller(request) is True


def test_a_session_from_before_the_header_kept_them_is_filled_in_once(client, buyer):
    ListingFactory(stock=9)
    client.force_login(buyer)
    session = client.session
    del session[header.CART_COUNT]
    del session[header.IS_SELLER]
    session.save()
    from orders.carts import DbCart
    from orders.services import add_to_cart

    add_to_cart(cart=DbCart(buyer), listing_id=ListingFactory(stock=9).pk, quantity=3)

    response = client.get("/")

    assert cart_count_shown(response) == 3
    assert "Sell on ODOP Bazaar" in response.content.decode()
    assert client.session[header.CART_COUNT] == 3
    assert client.session[header.IS_SELLER] is False


def test_another_users_flags_do_not_leak_across_a_login(client, seller):
    listing = ListingFactory(stock=9)
    client.force_login(seller.user)
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})
    other = UserFactory()

    client.force_login(other)
    html = client.get("/").content.decode()

    assert "Sell on ODOP Bazaar" in html
    assert cart_count_shown(client.get("/")) == 0
