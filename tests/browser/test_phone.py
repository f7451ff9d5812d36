"""A buyer on a 360 px phone: no page scrolls sideways, and tables become cards whose key
cells (a cart line's total and its Remove button, an order's total) are on the screen."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ListingFactory, UserFactory
from tests.orders.factories import AddressFactory, place
from tests.sellers.factories import ensure_migration_data

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = 360


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


def test_cart_orders_and_storefront_fit_a_360px_phone(page, screenshot):
    ensure_migration_data()
    listing = ListingFactory(title="Rose attar, 10 ml", price="499.00", mrp="499.00", stock=9)
    other = ListingFactory(title="Khus attar, 10 ml in a gift box", price="650.00", mrp="650.00")
    buyer = UserFactory(email="bina@example.test")
    AddressFactory(user=buyer, state=listing.district.state)
    order = place(buyer=buyer, items=[(listing, 1)])
    page.set_viewport_size({"width": WIDTH, "height": 780})

    page.goto("/accounts/login/")
    page.fill("#id_username", buyer.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for item in (listing, other):
        page.goto(item.get_absolute_url())
        page.get_by_role("button", name="Add to cart").click()

    page.goto("/cart/")
    for title in ("Rose attar, 10 ml", "Khus attar, 10 ml in a gift box"):
        expect(page.get_by_role("button", name=f"Remove {title}")).to_be_visible()
        assert on_screen(page, page.get_by_role("button", name=f"Remove {title}"))
    totals = page.locator('.cart-line td[data-label="Total"]')
    expect(totals).to_have_count(2)
    for index in range(2):
        assert on_screen(page, totals.nth(index))
    screenshot("01-cart-as-cards")

    for path in (
        "/",
        listing.get_absolute_url(),
        "/search/?q=attar",
        "/cart/",
        "/hi/cart/",
        "/orders/",
        order.get_absolute_url(),
        "/checkout/",
    ):
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= WIDTH, (path, width)
        clipped = page.evaluate(
            "() => [...document.querySelectorAll('main td, main th')]"
            ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).length"
        )
        assert clipped == 0, path
    page.goto("/orders/")
    assert on_screen(page, page.locator('.orders-table td[data-label="Total"]').first)
    screenshot("02-orders-as-cards")
