"""A buyer returns a delivered item; the seller accepts, books the pickup and receives it; the
refund shows as processed and the GST credit note downloads in Hindi. Screenshots go to
test-artifacts/."""

import re
import zlib
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from orders.models import CreditNote, Order, Refund, Shipment
from orders.services import mark_paid, seller_move, start_payment
from tests.factories import DistrictFactory, ListingFactory, SellerFactory, UserFactory
from tests.orders.factories import AddressFactory, place

pytestmark = pytest.mark.django_db(transaction=True)
S = Shipment.Status


def _log_in(context, user, base_url):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def _inflated_streams(pdf: bytes) -> list[bytes]:
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    return chunks


def _delivered_online_order(buyer, listing):  # type: ignore[no-untyped-def]
    address = AddressFactory(user=buyer, state=listing.district.state)
    order = place(
        buyer=buyer,
        items=[(listing, 2)],
        address=address,
        payment_method=Order.PaymentMethod.ONLINE,
    )
    payment = start_payment(order=order)
    mark_paid(gateway_order_id=payment.gateway_order_id, payment_id="pay_browser_1")
    shipment = order.shipments.get()
    for to in (S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED):
        seller_move(
            shipment=shipment,
            to=to,
            by=listing.seller.user,
            courier="India Post",
            tracking_number="EK123456789IN",
        )
    return order


def test_buyer_returns_a_delivered_item_and_gets_a_refund_and_a_hindi_credit_note(
    page, screenshot, browser, live_server, settings, tmp_path
):
    settings.FAKE_PAYMENTS_ALLOWED = True
    settings.PAYMENT_GATEWAY = "orders.services.payments.FakeGateway"
    district = DistrictFactory(name="Kannauj")
    seller = SellerFactory(
        district=district, display_name="Ganga Attar House", gstin="09AAPFU0939F1ZV"
    )
    listing = ListingFactory(
        seller=seller, title="Jasmine Attar 100 ml", price="1180.00", mrp="1400.00", stock=5
    )
    buyer = UserFactory(full_name="Bina Buyer")
    order = _delivered_online_order(buyer, listing)
    _log_in(page.context, buyer, live_server.url)

    page.goto(order.get_absolute_url())
    screenshot("01-delivered-order")
    page.get_by_role("link", name="Return").first.click()
    page.get_by_label("How many to return").fill("1")
    page.get_by_label("Reason").select_option("damaged")
    page.get_by_label("What is wrong (optional)").fill("The bottle arrived cracked.")
    screenshot("02-return-form")
    page.get_by_role("button", name="Ask to return").click()
    page.wait_for_selector(".return-status")
    assert "Return requested" in page.locator(".return-status").first.inner_text()
    screenshot("03-return-requested")

    seller_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 412, "height": 915}
    )
    seller_page = seller_context.new_page()
    _log_in(seller_context, seller.user, live_server.url)
    seller_page.goto("/seller/returns/")
    seller_page.get_by_role("button", name="Accept the return").click()
    seller_page.get_by_label("Pickup courier").fill("Delhivery")
    seller_page.get_by_label("Pickup tracking number").fill("RVP1234")
    seller_page.get_by_role("button", name="Book pickup").click()
    seller_page.get_by_label("Yes, put it back in stock").check()
    seller_page.get_by_role("button", name="Mark received and refund").click()
    seller_page.wait_for_selector("text=Credit note CN/")
    seller_page.screenshot(
        path=str(screenshot("04-seller-received").parent / "04-seller-received.png"),
        full_page=True,
    )
    seller_context.close()

    page.reload()
    screenshot("05-refunded")
    refund = Refund.objects.get(order=order)
    assert (refund.amount, refund.status) == (Decimal("1180.00"), Refund.Status.PROCESSED)
    assert "Refunded" in page.locator(".return").first.inner_text()
    note = CreditNote.objects.get(shipment__order=order)
    assert note.total == Decimal("1180.00")

    page.goto(f"/hi{note.get_absolute_url()}")
    screenshot("06-credit-note-hindi")
    assert "क्रेडिट नोट" in page.locator("main").inner_text()
    with page.expect_download() as download_info:
        page.locator("a[href$='/pdf/']").first.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF")
    # The Hindi text was set in the embedded Devanagari font (named inside compressed streams).
    assert any(b"Noto-Sans-Devanagari" in chunk for chunk in _inflated_streams(pdf))
