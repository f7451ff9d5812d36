"""A buyer buys from two sellers of one district with cash on delivery; a seller dispatches;
the buyer downloads the GST invoice. Screenshots go to test-artifacts/."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from orders.models import Order
from tests.factories import DistrictFactory, ListingFactory, SellerFactory, UserFactory
from tests.orders.factories import AddressFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gst_rates():
    importlib.import_module("catalog.migrations.0004_gst_rate_data").add_rates(apps, None)


def _log_in(context, user, base_url):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_buyer_checks_out_from_two_sellers_and_downloads_the_invoice(
    page, screenshot, browser, live_server, gst_rates, tmp_path
):
    district = DistrictFactory(name="Kannauj")
    attar_house = SellerFactory(district=district, display_name="Kannauj Attar House")
    weavers = SellerFactory(
        district=district, display_name="Ganga Weavers SHG", gstin="09AAPFU0939F1ZV"
    )
    ListingFactory(
        seller=attar_house, title="Rose Attar 10 ml", price="499.00", mrp="599.00", stock=5
    )
    ListingFactory(
        seller=weavers,
        title="Jasmine Attar 100 ml",
        price="1180.00",
        mrp="1400.00",
        hsn_code="3303",
        gst_rate="18.00",
        stock=3,
    )
    buyer = UserFactory(full_name="Bina Buyer")
    AddressFactory(user=buyer, state=district.state, city="Kannauj", pin_code="209725")
    _log_in(page.context, buyer, live_server.url)

    page.goto(district.get_absolute_url())
    screenshot("01-district-storefront")
    page.get_by_role("link", name="Rose Attar 10 ml").first.click()
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")  # the POST must land before we browse on
    page.goto(district.get_absolute_url())
    page.get_by_role("link", name="Jasmine Attar 100 ml").first.click()
    screenshot("02-listing")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")
    assert page.locator(".cart-seller").count() == 2
    # htmx: the quantity changes in place, the page does not reload.
    page.get_by_label("Quantity of Rose Attar 10 ml").fill("2")
    page.locator('.cart-line[data-listing] button:has-text("Update")').first.click()
    expect(page.locator(".cart-total strong")).to_contain_text("2,178.00")
    screenshot("03-cart-two-sellers")

    page.get_by_role("link", name="Check out").click()
    page.get_by_label("Cash on delivery").check()
    page.get_by_role("button", name="Review order").click()
    attar_taxes, jasmine_taxes = page.locator(".tax-table").all_inner_texts()
    assert "No GST (seller not registered)" in attar_taxes
    assert "CGST ₹90.00" in jasmine_taxes
    screenshot("04-review-with-gst")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_selector(".shipment")
    screenshot("05-order-two-shipments")

    order = Order.objects.get(buyer=buyer)
    assert page.locator(".shipment").count() == 2
    assert order.shipments.count() == 2

    seller_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 412, "height": 915}
    )
    seller_page = seller_context.new_page()
    _log_in(seller_context, weavers.user, live_server.url)
    seller_page.goto("/seller/orders/")
    seller_page.get_by_role("link", name=f"{order.number}-").first.click()
    seller_page.get_by_role("button", name="Accept").click()
    seller_page.get_by_role("button", name="Mark packed").click()
    seller_page.get_by_label("Courier").fill("India Post")
    seller_page.get_by_label("Tracking number").fill("EK123456789IN")
    seller_page.get_by_role("button", name="Mark dispatched").click()
    seller_page.wait_for_selector("text=Mark delivered")
    seller_page.screenshot(
        path=str(screenshot("06-seller-dispatched").parent / "06-seller-dispatched.png"),
        full_page=True,
    )
    seller_context.close()

    page.reload()
    screenshot("07-order-dispatched-with-invoice")
    with page.expect_download() as download_info:
        page.locator("a.invoice-pdf").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert download.suggested_filename.startswith("invoice-INV-")
    assert saved.read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="view").click()
    screenshot("08-invoice")
    assert "GSTIN: 09AAPFU0939F1ZV" in page.locator(".invoice").inner_text()


def test_buyer_pays_online_through_the_test_gateway(
    page, screenshot, live_server, gst_rates, settings
):
    settings.FAKE_PAYMENTS_ALLOWED = True
    settings.PAYMENT_GATEWAY = "orders.services.payments.FakeGateway"
    listing = ListingFactory(
        title="Attar Gift Set", price="2360.00", mrp="2500.00", hsn_code="3303", gst_rate="18.00"
    )
    buyer = UserFactory()
    AddressFactory(user=buyer, state=listing.district.state)
    _log_in(page.context, buyer, live_server.url)

    page.goto(listing.get_absolute_url())
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart/")
    page.get_by_role("link", name="Check out").click()
    page.get_by_label("Pay online (UPI, card, net banking)").check()
    page.get_by_role("button", name="Review order").click()
    page.get_by_role("button", name="Place order and pay").click()
    screenshot("01-pay-page")
    page.get_by_role("button", name="Pay (test gateway)").click()
    screenshot("02-paid")

    order = Order.objects.get(buyer=buyer)
    assert (order.status, order.is_paid) == (Order.Status.PLACED, True)
    assert "Payment received" in page.locator(".messages").inner_text()
