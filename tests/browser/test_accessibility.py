"""axe-core finds no serious or critical WCAG 2.1 A/AA violation on any page kind of the buyer,
seller and curator journeys, in English and under /hi/, forms with errors included.

One browser context per role; each test walks its role's pages and reports every violation
(rule, help text and the nodes it found) before failing.
"""

from collections.abc import Callable, Iterable

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from catalog.models import Category
from grievances.models import Grievance
from grievances.services import file_grievance
from orders.models import Shipment
from orders.services import seller_move
from sellers.models import Seller
from tests.browser.axe import describe, serious_violations
from tests.curation.queue_data import (
    disputed_return,
    gi_claim,
    submitted_listing,
    submitted_seller,
)
from tests.factories import ListingFactory, OdopProductFactory, SellerFactory, UserFactory
from tests.orders.factories import AddressFactory, place
from tests.sellers.factories import ensure_migration_data

pytestmark = pytest.mark.django_db(transaction=True)

# A step is a URL to open, or (URL, action) where the action does something on the opened page
# (submits a form, empty so that its errors show) before axe looks.
Step = str | tuple[str, Callable[[object], None]]


def _log_in(page, user, base_url) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def submit(button: str, *, empty: bool = True) -> Callable[[object], None]:
    """Send the form of the `button` (a CSS selector: the page may be in Hindi), emptied of its
    radio choices and past the browser's own checks unless `empty` is False."""

    def act(page) -> None:  # type: ignore[no-untyped-def]
        if empty:
            page.evaluate(
                """() => {
                    document.querySelectorAll('form').forEach(f => f.noValidate = true);
                    document.querySelectorAll('main input[type=radio]')
                        .forEach(r => r.checked = false);
                }"""
            )
        with page.expect_navigation():
            page.locator(button).first.click()
        if empty:
            assert page.locator(".error-summary").count() >= 1, page.url

    return act


# Each page on the phone the outside tester used, in English and in Hindi, and on a desktop in
# English (wide tables scroll only there).
VIEWS = (("", 360), ("/hi", 360), ("", 1280))


def check_pages(page, steps: Iterable[Step]) -> None:  # type: ignore[no-untyped-def]
    """Open every step in every view; fail listing every serious violation found."""
    failures, opened = [], 0
    for step in steps:
        url, act = (step, None) if isinstance(step, str) else step
        for prefix, width in VIEWS:
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(prefix + url)
            assert response is not None
            assert response.ok, (prefix + url, response.status)
            if act is not None:
                act(page)
            opened += 1
            found = serious_violations(page)
            if found:
                where = f"{prefix}{url} at {width} px{' after a submit' if act else ''}"
                failures.append(describe(where, found))
    assert failures == [], "\n\n".join(failures)
    assert opened > 0


@pytest.fixture
def shop(live_server):  # type: ignore[no-untyped-def]
    """A district with two sellers, a GI-tagged product, a buyer with a dispatched order."""
    ensure_migration_data()
    listing = ListingFactory(title="Rose attar, 10 ml", photos=2, stock=9, gi_verified=True)
    type(listing.odop_product).objects.filter(pk=listing.odop_product_id).update(is_gi_tagged=True)
    other = ListingFactory(
        seller=SellerFactory(district=listing.district), title="Khus attar", stock=2
    )
    buyer = UserFactory(full_name="Bina Buyer")
    AddressFactory(user=buyer, state=listing.district.state)
    order = place(buyer=buyer, items=[(listing, 1), (other, 1)])
    shipment = order.shipments.get(seller=listing.seller)
    for to in (Shipment.Status.ACCEPTED, Shipment.Status.PACKED):
        seller_move(shipment=shipment, to=to, by=listing.seller.user)
    seller_move(
        shipment=shipment,
        to=Shipment.Status.DISPATCHED,
        by=listing.seller.user,
        courier="India Post",
        tracking_number="EK123456789IN",
    )
    shipment.refresh_from_db()
    grievance = file_grievance(
        filed_by=buyer,
        role=Grievance.Role.BUYER,
        subject=Grievance.Subject.DELIVERY,
        description="The parcel never came.",
        order=order,
    )
    return {
        "grievance": grievance,
        "listing": listing,
        "other": other,
        "buyer": buyer,
        "order": order,
        "shipment": shipment,
        "base_url": live_server.url,
    }


def test_storefront_pages_have_no_serious_violations(page, shop):
    listing = shop["listing"]
    category = Category.objects.get(pk=listing.category_id)

    check_pages(
        page,
        [
            "/",
            listing.district.state.get_absolute_url(),
            listing.district.get_absolute_url(),
            listing.odop_product.get_absolute_url(),
            category.get_absolute_url(),
            listing.get_absolute_url(),
            "/search/?q=attar",
            "/search/?q=zzzqqq",
            "/cart/",
            "/sell/",
            "/accounts/login/",
            ("/accounts/login/", submit("main form button[type=submit]")),
            "/accounts/signup/",
            ("/accounts/signup/", submit("main form button[type=submit]")),
            "/accounts/password-reset/",
        ],
    )


def test_buyer_pages_have_no_serious_violations(page, shop):
    buyer, order = shop["buyer"], shop["order"]
    _log_in(page, buyer, shop["base_url"])
    page.goto(shop["listing"].get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")

    check_pages(
        page,
        [
            "/cart/",
            "/checkout/",
            ("/checkout/", submit(".checkout-form button[type=submit]")),
            ("/checkout/", submit(".checkout-form button[type=submit]", empty=False)),
            "/addresses/",
            ("/addresses/", submit(".address-form button[type=submit]")),
            "/orders/",
            order.get_absolute_url(),
            f"/invoices/{shop['shipment'].invoice.pk}/",
            "/grievances/new/",
            ("/grievances/new/", submit("main form button[type=submit]")),
            "/grievances/",
            f"/grievances/{shop['grievance'].pk}/",
        ],
    )


def test_seller_pages_have_no_serious_violations(page, shop):
    seller = shop["listing"].seller
    _log_in(page, seller.user, shop["base_url"])

    check_pages(
        page,
        [
            "/seller/",
            "/seller/listings/new/",
            ("/seller/listings/new/", submit("main form button[type=submit]")),
            f"/seller/listings/{shop['listing'].pk}/",
            "/seller/orders/",
            f"/seller/orders/{shop['shipment'].pk}/",
            "/seller/returns/",
            "/seller/profile/",
            "/seller/story/",
        ],
    )


def test_onboarding_steps_have_no_serious_violations(page, shop):
    newcomer = SellerFactory(status=Seller.Status.DRAFT, display_name="Naya Hunar")
    _log_in(page, newcomer.user, shop["base_url"])
    steps = ["about", "products", "address", "tax", "bank", "documents"]

    check_pages(
        page,
        [
            *(f"/sell/onboarding/{step}/" for step in steps),
            ("/sell/onboarding/tax/", submit("main form button[type=submit]")),
            "/sell/onboarding/review/",
        ],
    )


def test_curator_pages_have_no_serious_violations(page, shop):
    curator = UserFactory(full_name="Chitra Curator", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    waiting = submitted_seller(display_name="Meera Attar Ghar", days_ago=3)
    to_review = submitted_listing(seller=shop["listing"].seller, title="Jasmine attar")
    gi_claim(seller=shop["other"].seller)
    dispute = disputed_return()
    product = OdopProductFactory(district=shop["listing"].district)
    call_command("refresh_dashboard", "--all", verbosity=0)
    _log_in(page, curator, shop["base_url"])
    district = shop["listing"].district

    check_pages(
        page,
        [
            "/curate/",
            "/curate/sellers/queue/",
            "/curate/sellers/",
            f"/curate/sellers/{waiting.pk}/",
            "/curate/change-requests/",
            "/curate/listings/queue/",
            "/curate/listings/gi-claims/",
            f"/curate/listings/{to_review.pk}/",
            "/curate/returns/disputed/",
            f"/curate/returns/{dispute.pk}/",
            "/curate/grievances/",
            f"/curate/grievances/{shop['grievance'].pk}/",
            "/curate/refunds/",
            "/curate/emails/",
            "/curate/orders/",
            f"/curate/orders/{shop['order'].pk}/",
            "/curate/dashboard/",
            "/curate/districts/",
            f"/curate/districts/{district.slug}/",
            "/curate/names/",
            "/curate/names/odop-products/",
            "/curate/odop-products/",
            f"/curate/odop-products/{product.pk}/",
            f"/curate/odop-products/{product.pk}/story/",
            "/curate/odop-products/import/",
            "/curate/producer-stories/",
            "/curate/audit/",
        ],
    )
