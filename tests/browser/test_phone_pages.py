"""Every page kind of the buyer, seller and curator journeys on a 360 x 640 phone, in English
and in Hindi: nothing scrolls the page sideways, and a listing's title, price, stock and
"Add to cart" (and on search, the first result) are in the first screen.

One browser context per role, signed in by its session cookie, and a loop over the URLs.
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client

from grievances.models import Grievance
from grievances.services import file_grievance
from orders.models import CreditNote
from orders.services import returns
from sellers.models import Seller
from tests.browser.conftest import ARTIFACTS
from tests.curation.queue_data import disputed_return, submitted_listing, submitted_seller
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ListingFactory,
    ListingImageFactory,
    OdopProductFactory,
    SellerFactory,
    UserFactory,
    _jpeg,
)
from tests.orders.factories import AddressFactory, place
from tests.orders.test_returns import UPI, delivered_line, full_flow
from tests.sellers.factories import ensure_migration_data

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 360, "height": 640}
# A title a seller could really type: long words, a long unbroken code.
LONG_TITLE = (
    "Kannauj Rose Attar (Gulab Ruh) in a hand-blown Firozabad glass bottle, "
    "gift edition KNJ-ATTAR-ROSE-2024-HANDMADE-10ML"
)

# The page's width, and the elements whose right edge is past the screen, outside the strips
# made to scroll sideways on their own (overflow-x auto or scroll) and the lines cut with an
# ellipsis on purpose.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const scrolls = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX === "auto" || style.overflowX === "scroll") return true;
      if (style.overflowX === "hidden" && style.textOverflow === "ellipsis") return true;
    }
    return false;
  };
  const out = [];
  for (const e of document.body.querySelectorAll("*")) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || scrolls(e)) continue;
    out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
      (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "") +
      " right=" + Math.round(box.right));
  }
  // A table is a card per row on a phone: even inside a strip that scrolls, no cell is cut off
  // (the column headings, hidden for screen readers only, aside).
  const hidden = (e) => e.closest("thead") && getComputedStyle(e.closest("thead")).clip !== "auto";
  const cells = [...document.querySelectorAll("main td, main th")].filter(
    (e) => e.getBoundingClientRect().right > width + 1 && !hidden(e)
  ).map((e) => e.tagName.toLowerCase() + ":" + e.textContent.trim().slice(0, 30));
  return {page: document.scrollingElement.scrollWidth, width: width, out: out.slice(0, 8),
          cells: cells.slice(0, 8)};
}"""


def portrait_photos(listing, count=2):
    for position in range(count):
        ListingImageFactory(
            listing=listing,
            position=position,
            image=ContentFile(_jpeg((180, 60 + 40 * position, 40), (600, 900)), name="tall.jpg"),
        )


def signed_in(browser, live_server, user=None):
    """A phone-sized browser context, signed in as `user` by a session cookie."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


def assert_fits(page, paths):
    """Visit every path in English and in Hindi; none may be wider than the phone."""
    problems = {}
    for path in paths:
        for url in (path, f"/hi{path}"):
            response = page.goto(url)
            assert response.status == 200, (url, response.status)
            found = page.evaluate(OVERFLOW)
            if found["page"] > found["width"] or found["out"] or found["cells"]:
                problems[url] = found
    assert problems == {}, problems


def grievance(user, order=None):
    return file_grievance(
        filed_by=user,
        role=Grievance.Role.BUYER,
        subject=Grievance.Subject.DELIVERY,
        description="The parcel came with the bottle broken; the courier would not take it back.",
        order=order,
    )


def screenshot(page, name, *, full_page=False):
    """The first screen (or the whole page), kept under test-artifacts/phone/."""
    folder = ARTIFACTS / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def bottom(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


@pytest.fixture
def shop(db):
    ensure_migration_data()
    seller = SellerFactory(
        display_name="Meera Attar Ghar, Kannauj Self-Help Group of Women Perfumers",
        gstin="09AAPFU0939F1ZV",
        district=DistrictFactory(name="Kannauj"),
    )
    product = OdopProductFactory(
        district=seller.district,
        name="Attar (Perfume) and Rose Water of Kannauj",
        is_gi_tagged=True,
        category=CategoryFactory(name="Perfumes, Cosmetics and Personal Care Products"),
    )
    listing = ListingFactory(
        seller=seller,
        odop_product=product,
        title=LONG_TITLE,
        description="Steam-distilled over sandalwood oil in copper degs. " * 8,
        price=Decimal("1180.00"),
        mrp=Decimal("1500.00"),
        stock=4,
        hsn_code="3303",
        gst_rate=Decimal("18"),
        gi_verified=True,
    )
    portrait_photos(listing)
    for _ in range(3):
        ListingFactory(seller=seller, odop_product=product, photos=1, gi_verified=True)
    return seller, listing


def test_buyer_pages_fit_a_360px_phone_and_put_what_matters_first(browser, live_server, shop):
    seller, listing = shop
    buyer = UserFactory(full_name="Bina Buyer")
    address = AddressFactory(user=buyer, state=listing.district.state)
    shipment, line = delivered_line(buyer, listing, 2)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)
    full_flow(rr, seller.user)
    note = CreditNote.objects.get(return_request=rr)
    order = shipment.order
    place(buyer=buyer, items=[(listing, 1)], address=address)  # a second, open order
    complaint = grievance(buyer, order)
    context = signed_in(browser, live_server, buyer)
    page = context.new_page()
    page.goto(listing.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    # The header counts what is in the cart, and offers to sell to a buyer who doesn't yet.
    assert page.get_by_role("link", name=re.compile(r"^Cart\s*\(1 item\)$")).is_visible()
    assert page.locator(".site-header .cart-count").inner_text() == "1"
    assert page.get_by_role("link", name="Sell on ODOP Bazaar").is_visible()
    assert page.get_by_role("link", name="Seller dashboard").count() == 0
    screenshot(page, "cart")

    assert_fits(
        page,
        [
            "/",
            listing.district.state.get_absolute_url(),
            listing.district.get_absolute_url(),
            listing.odop_product.get_absolute_url(),
            listing.category.get_absolute_url(),
            listing.get_absolute_url(),
            "/search/?q=attar",
            "/search/?q=nothing+like+this",
            "/cart/",
            "/checkout/",
            "/addresses/",
            "/orders/",
            order.get_absolute_url(),
            f"/invoices/{shipment.invoice.pk}/",
            f"/credit-notes/{note.pk}/",
            f"/orders/lines/{line.pk}/return/",
            "/grievances/",
            complaint.get_absolute_url(),
            "/grievances/new/",
        ],
    )

    # The listing: what a buyer decides on is in the first 640 px, under a photo strip.
    for url in (listing.get_absolute_url(), f"/hi{listing.get_absolute_url()}"):
        page.goto(url)
        screenshot(page, f"listing{'-hi' if url.startswith('/hi/') else ''}")
        for selector in (".buy-box h1", ".buy-box .price-large", ".buy-box .stock"):
            assert bottom(page, selector) <= PHONE["height"], (url, selector)
        assert bottom(page, ".add-to-cart button[type=submit]") <= PHONE["height"], url
        strip = page.locator(".gallery")
        assert strip.get_attribute("role") == "region"
        assert strip.get_attribute("aria-label")
        assert strip.locator("img").count() == 2
        # The second photo is one swipe away: the strip scrolls sideways, the page does not.
        widths = strip.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert widths[0] > widths[1], widths

    page.goto(f"/invoices/{shipment.invoice.pk}/")
    screenshot(page, "invoice", full_page=True)
    total = page.locator('.invoice tfoot td[data-label="Total"]')
    assert total.inner_text().endswith("₹2,360.00")
    assert total.bounding_box()["x"] + total.bounding_box()["width"] <= PHONE["width"]

    # The check itself sees a page wider than the phone.
    page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<p id=wide>x</p>')")
    page.evaluate("() => { document.getElementById('wide').style.width = '500px'; }")
    assert page.evaluate(OVERFLOW)["out"] == ["p#wide right=500"]

    # Search: the filters are folded behind "Filters" and the first result is in view.
    page.goto("/search/?q=attar")
    screenshot(page, "search")
    assert page.locator("details.filters-fold").get_attribute("open") is None
    assert bottom(page, ".results .card img") <= PHONE["height"]
    assert bottom(page, ".results .card .price") <= PHONE["height"]
    context.close()


def test_search_filters_open_and_apply_without_javascript(browser, live_server, shop):
    _seller, listing = shop
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/search/")
    state = page.get_by_label("State", exact=True)
    assert not state.is_visible()
    page.get_by_text("Filters", exact=True).click()
    state.select_option(listing.district.state.slug)
    page.get_by_role("button", name="Apply").click()
    assert f"state={listing.district.state.slug}" in page.url
    # Filters in use: the control says so and stays open, so they can be changed or cleared.
    assert page.locator("details.filters-fold").get_attribute("open") is not None
    # A wide screen has room for them: shown beside the results, nothing to unfold.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/search/")
    assert state.is_visible()
    assert not page.get_by_text("Filters", exact=True).is_visible()
    context.close()


def test_seller_pages_fit_a_360px_phone(browser, live_server, shop):
    seller, listing = shop
    shipment, _line = delivered_line(UserFactory(), listing, 1)
    open_order = place(buyer=UserFactory(), items=[(listing, 1)])
    context = signed_in(browser, live_server, seller.user)
    page = context.new_page()
    assert_fits(
        page,
        [
            "/seller/",
            "/seller/listings/new/",
            f"/seller/listings/{listing.pk}/",
            "/seller/orders/",
            f"/seller/orders/{shipment.pk}/",
            f"/seller/orders/{open_order.shipments.get().pk}/",
            f"/invoices/{shipment.invoice.pk}/",
            "/seller/returns/",
            "/seller/profile/",
            "/seller/story/",
        ],
    )
    context.close()

    # A newcomer going through the onboarding steps.
    newcomer = SellerFactory(status=Seller.Status.DRAFT, display_name="Asha Zari Works").user
    context = signed_in(browser, live_server, newcomer)
    page = context.new_page()
    steps = ("about", "products", "address", "tax", "bank", "documents")
    assert_fits(page, ["/sell/", *[f"/sell/onboarding/{step}/" for step in steps]])
    context.close()


def test_curator_pages_fit_a_360px_phone(browser, live_server, shop, curator):
    seller, listing = shop
    waiting = submitted_seller(display_name="Quick Perfumes and Attar Traders of Kannauj")
    queued = submitted_listing(seller=seller, district=seller.district, title=LONG_TITLE)
    order = place(buyer=UserFactory(), items=[(listing, 1)])
    dispute = disputed_return()
    complaint = grievance(order.buyer, order)
    call_command("refresh_dashboard", "--all", verbosity=0)
    context = signed_in(browser, live_server, curator)
    page = context.new_page()
    assert_fits(
        page,
        [
            "/curate/",
            "/curate/dashboard/",
            "/curate/sellers/queue/",
            "/curate/sellers/",
            f"/curate/sellers/{waiting.pk}/",
            f"/curate/sellers/{seller.pk}/",
            "/curate/change-requests/",
            "/curate/listings/queue/",
            f"/curate/listings/{queued.pk}/",
            "/curate/listings/gi-claims/",
            "/curate/returns/disputed/",
            f"/curate/returns/{dispute.pk}/",
            "/curate/orders/",
            f"/curate/orders/{order.pk}/",
            "/curate/refunds/",
            "/curate/grievances/",
            f"/curate/grievances/{complaint.pk}/",
            "/curate/names/",
            "/curate/odop-products/",
            f"/curate/odop-products/{listing.odop_product.pk}/",
            "/curate/districts/",
            f"/curate/districts/{seller.district.slug}/",
            "/curate/producer-stories/",
            "/curate/emails/",
            "/curate/audit/",
        ],
    )
    context.close()
