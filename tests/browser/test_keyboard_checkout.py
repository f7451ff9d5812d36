"""A buyer with no mouse: from a listing to a placed cash-on-delivery order with Tab, Shift+Tab,
arrow keys, Space and Enter only. Every stop shows a focus ring, and Tab moves forward through
the page in reading order."""

import pytest
from django.conf import settings
from django.test import Client

from orders.models import Order
from tests.factories import ListingFactory, UserFactory
from tests.orders.factories import AddressFactory
from tests.sellers.factories import ensure_migration_data

pytestmark = pytest.mark.django_db(transaction=True)

# What has the focus: its name as a user hears it, whether a focus ring is drawn, and its place
# in document order (to check Tab never jumps backwards).
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
    return {
        name: (label || el.getAttribute('aria-label') || el.innerText || el.value || '').trim(),
        tag: el.tagName.toLowerCase(),
        field: el.name || '',
        checked: !!el.checked,
        ring: el.matches(':focus-visible') && style.outlineStyle !== 'none'
            && parseFloat(style.outlineWidth) >= 2,
        order: [...document.querySelectorAll('*')].indexOf(el),
    };
}"""


def tab_to(page, name: str = "", *, field: str = "", limit: int = 80) -> dict:  # type: ignore[no-untyped-def]
    """Press Tab until the element called `name` (or the form field `field`) has the focus,
    checking every stop on the way."""
    previous = -1
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["ring"], f"no visible focus on {focused}"
        assert focused["order"] > previous, f"Tab went backwards to {focused}"
        previous = focused["order"]
        if (name and focused["name"] == name) or (field and focused["field"] == field):
            return focused
    raise AssertionError(f"Tab never reached {name or field!r}")


def test_a_buyer_checks_out_with_the_keyboard_only(page, live_server, settings_fake_payments):
    ensure_migration_data()
    listing = ListingFactory(title="Rose attar, 10 ml", price="499.00", mrp="599.00", stock=5)
    buyer = UserFactory(full_name="Bina Buyer")
    AddressFactory(user=buyer, state=listing.district.state, city="Agra", pin_code="282001")
    AddressFactory(user=buyer, state=listing.district.state, city="Kannauj", pin_code="209725")
    client = Client()
    client.force_login(buyer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto(listing.get_absolute_url())
    first = tab_to(page, "Skip to content")
    assert first["tag"] == "a"  # the first stop skips the header
    tab_to(page, "Add to cart")
    page.keyboard.press("Shift+Tab")  # back to the quantity, and forward again
    assert page.evaluate(FOCUSED)["tag"] == "input"
    page.keyboard.press("Tab")
    with page.expect_navigation(url="**/cart/"):
        page.keyboard.press("Enter")

    tab_to(page, "Check out")
    with page.expect_navigation(url="**/checkout/"):
        page.keyboard.press("Enter")

    address = tab_to(page, field="address")
    assert "Kannauj" in address["name"]  # the newest address comes first, chosen already
    page.keyboard.press("ArrowDown")  # the other one
    assert "Agra" in page.evaluate(FOCUSED)["name"]
    assert page.evaluate(FOCUSED)["checked"]
    payment = tab_to(page, "Cash on delivery")
    page.keyboard.press("Space")
    assert page.evaluate(FOCUSED)["checked"], payment
    tab_to(page, "Review order")
    with page.expect_navigation(url="**/checkout/"):
        page.keyboard.press("Enter")

    tab_to(page, "Place order")
    page.keyboard.press("Enter")
    page.wait_for_selector(".shipment")

    order = Order.objects.get(buyer=buyer)
    assert order.payment_method == Order.PaymentMethod.COD
    assert "Agra" in order.ship_address_line
    assert order.shipments.get().lines.get().title == "Rose attar, 10 ml"


@pytest.fixture
def settings_fake_payments(settings):  # type: ignore[no-untyped-def]
    """Online payment offered too, so cash on delivery is a real choice among two."""
    settings.FAKE_PAYMENTS_ALLOWED = True
    settings.PAYMENT_GATEWAY = "orders.services.payments.FakeGateway"
