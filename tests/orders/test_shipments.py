from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import ProtectedError
from django.urls import reverse

from catalog.models import Listing
from orders.errors import TransitionNotAllowed
from orders.models import Invoice, Order, Shipment, ShipmentStatusChange
from orders.services import buyer_cancel, invoice_pdf, seller_move
from orders.services.invoices import _static_only_fetcher
from orders.services.shipments import TRANSITIONS
from tests.factories import ListingFactory

from .factories import place

pytestmark = pytest.mark.django_db
S = Shipment.Status
IST = ZoneInfo("Asia/Kolkata")


def _dispatch(shipment, user, tracking="TRK1"):
    seller_move(shipment=shipment, to=S.ACCEPTED, by=user)
    seller_move(shipment=shipment, to=S.PACKED, by=user)
    return seller_move(
        shipment=shipment, to=S.DISPATCHED, by=user, courier="India Post", tracking_number=tracking
    )


def test_transition_table_is_the_only_way(buyer, seller, listing):
    shipment = place(buyer=buyer, items=[(listing, 1)]).shipments.get()

    with pytest.raises(TransitionNotAllowed, match="cannot become dispatched"):
        seller_move(
            shipment=shipment, to=S.DISPATCHED, by=seller.user, courier="x", tracking_number="y"
        )

    assert Shipment.objects.get(pk=shipment.pk).status == S.PLACED
    assert TRANSITIONS[S.DELIVERED] == frozenset()


def test_seller_moves_shipment_to_delivered_with_history(buyer, seller, listing):
    order = place(buyer=buyer, items=[(listing, 1)])
    shipment = order.shipments.get()

    _dispatch(shipment, seller.user)
    seller_move(shipment=shipment, to=S.DELIVERED, by=seller.user)

    shipment.refresh_from_db()
    history = list(
        ShipmentStatusChange.objects.filter(shipment=shipment).values_list(
            "from_status", "to_status", "by"
        )
    )
    assert history == [
        (S.PLACED, S.ACCEPTED, seller.user.pk),
        (S.ACCEPTED, S.PACKED, seller.user.pk),
        (S.PACKED, S.DISPATCHED, seller.user.pk),
        (S.DISPATCHED, S.DELIVERED, seller.user.pk),
    ]
    assert (shipment.courier, shipment.tracking_number) == ("India Post", "TRK1")
    assert shipment.expected_payout_date is not None
    assert Order.objects.get(pk=order.pk).is_paid is True  # cash on delivery, collected


def test_dispatch_needs_courier_and_tracking(buyer, seller, listing):
    shipment = place(buyer=buyer, items=[(listing, 1)]).shipments.get()
    seller_move(shipment=shipment, to=S.ACCEPTED, by=seller.user)

    with pytest.raises(TransitionNotAllowed, match="tracking"):
        seller_move(shipment=shipment, to=S.DISPATCHED, by=seller.user)

    assert Shipment.objects.get(pk=shipment.pk).status == S.ACCEPTED


def test_cancelled_shipment_returns_stock_once(buyer, listing):
    shipment = place(buyer=buyer, items=[(listing, 3)]).shipments.get()
    assert Listing.objects.get(pk=listing.pk).stock == 17

    buyer_cancel(shipment=shipment, by=buyer)
    with pytest.raises(TransitionNotAllowed):
        buyer_cancel(shipment=shipment, by=buyer)

    assert Listing.objects.get(pk=listing.pk).stock == 20
    assert Shipment.objects.get(pk=shipment.pk).status == S.CANCELLED


def test_seller_cancel_needs_a_reason_and_returns_stock(buyer, seller, listing):
    shipment = place(buyer=buyer, items=[(listing, 2)]).shipments.get()

    with pytest.raises(TransitionNotAllowed, match="reason"):
        seller_move(shipment=shipment, to=S.CANCELLED, by=seller.user)
    seller_move(shipment=shipment, to=S.CANCELLED, by=seller.user, reason="Dye lot ran out")

    shipment.refresh_from_db()
    assert shipment.cancel_reason == "Dye lot ran out"
    assert Listing.objects.get(pk=listing.pk).stock == 20


def test_buyer_cannot_cancel_after_dispatch(buyer, seller, listing):
    shipment = place(buyer=buyer, items=[(listing, 1)]).shipments.get()
    _dispatch(shipment, seller.user)

    with pytest.raises(TransitionNotAllowed):
        buyer_cancel(shipment=shipment, by=buyer)

    assert Listing.objects.get(pk=listing.pk).stock == 19


def test_dispatch_issues_consecutive_invoices_per_seller_per_financial_year(
    buyer, seller, listing, other_listing
):
    with time_machine.travel(datetime(2026, 3, 31, 12, tzinfo=IST)):
        first = _dispatch(place(buyer=buyer, items=[(listing, 1)]).shipments.get(), seller.user)
        second = _dispatch(place(buyer=buyer, items=[(listing, 1)]).shipments.get(), seller.user)
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=IST)):
        third = _dispatch(place(buyer=buyer, items=[(listing, 1)]).shipments.get(), seller.user)
        others = _dispatch(
            place(buyer=buyer, items=[(other_listing, 1)]).shipments.get(),
            other_listing.seller.user,
        )

    numbers = [s.invoice.number for s in (first, second, third, others)]
    assert numbers == ["INV/2526/000001", "INV/2526/000002", "INV/2627/000001", "INV/2627/000001"]
    assert all(len(n) <= 16 for n in numbers)
    assert first.invoice.kind == Invoice.Kind.BILL_OF_SUPPLY  # seller has no GSTIN
    assert others.invoice.kind == Invoice.Kind.TAX_INVOICE


def test_invoices_are_never_deleted_or_edited(buyer, seller, listing):
    shipment = _dispatch(place(buyer=buyer, items=[(listing, 1)]).shipments.get(), seller.user)
    invoice = shipment.invoice

    with pytest.raises(ProtectedError):
        invoice.delete()
    with pytest.raises(ProtectedError):
        Invoice.objects.all().delete()
    invoice.seller_name = "Someone else"
    with pytest.raises(ValueError, match="never edited"):
        invoice.save()
    with pytest.raises(ValueError, match="never edited"):
        Invoice.objects.filter(pk=invoice.pk).update(number="X")

    assert Invoice.objects.get(pk=invoice.pk).seller_name == seller.display_name


def test_invoice_page_shows_what_gst_requires(client, buyer, seller, other_listing):
    order = place(buyer=buyer, items=[(other_listing, 1)])
    shipment = _dispatch(order.shipments.get(), other_listing.seller.user)
    client.force_login(buyer)

    body = client.get(reverse("orders:invoice", args=[shipment.invoice.pk])).content.decode()

    for text in [
        "INV/",
        "07AAPFU0939F1ZX",
        "Place of supply",
        "3303",
        "1,000.00",
        "180.00",
        "₹1,180.00",
        order.ship_name,
    ]:
        assert text in body


def test_invoice_pdf_renders_hindi_with_a_real_font(client, buyer, seller, listing):
    buyer.preferred_language = "hi"
    buyer.save()
    shipment = _dispatch(place(buyer=buyer, items=[(listing, 1)]).shipments.get(), seller.user)
    client.force_login(buyer)

    response = client.get(reverse("orders:invoice-pdf", args=[shipment.invoice.pk]))
    uncompressed = invoice_pdf(invoice=shipment.invoice, compress=False)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="invoice-INV-')
    assert response.content.startswith(b"%PDF")
    # The Hindi title is set in a Devanagari font (shaped by HarfBuzz), not in boxes.
    assert b"+Noto-Sans-Devanagari" in uncompressed


def test_pdf_fetcher_refuses_anything_but_our_static_files(settings):
    fetcher = _static_only_fetcher()

    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://example.com/x.png",
    ]:
        with pytest.raises(ValueError, match="only load our static files"):
            fetcher.fetch(url)
    css = (settings.STATICFILES_DIRS[0] / "css" / "site.css").resolve().as_uri()
    assert fetcher.fetch(css).url == css


def test_payout_per_shipment_and_in_total(client, buyer, seller, listing, settings):
    settings.MARKETPLACE_COMMISSION_PERCENT = "2"
    place(buyer=buyer, items=[(listing, 2)])  # 998.00
    cancelled = place(buyer=buyer, items=[(listing, 1)]).shipments.get()
    buyer_cancel(shipment=cancelled, by=buyer)
    client.force_login(seller.user)

    body = client.get(reverse("orders:seller-orders")).content.decode()

    shipment = Shipment.objects.exclude(pk=cancelled.pk).get()
    # 998.00, no GST (no GSTIN): commission 19.96, no TCS (section 52 needs a registered
    # supplier), TDS 5 % (no PAN) of the gross = 49.90.
    assert (shipment.commission, shipment.tcs, shipment.tds, shipment.net_payable) == (
        Decimal("19.96"),
        Decimal("0.00"),
        Decimal("49.90"),
        Decimal("928.14"),
    )
    assert '<strong class="net-total">₹928.14</strong>' in body
    assert "after delivery" in body


def test_seller_with_pan_suffers_tds_at_a_tenth_of_a_percent(buyer, registered_seller):
    registered_seller.pan = "AAPFU0939F"
    registered_seller.save()
    item = ListingFactory(
        seller=registered_seller, price="1180.00", mrp="1180.00", hsn_code="3303", gst_rate="18.00"
    )

    shipment = place(buyer=buyer, items=[(item, 1)]).shipments.get()

    # TCS 0.5 % and TDS 0.1 % of the taxable 1,000.00 (GST shown separately); no commission.
    assert (shipment.tcs, shipment.tds, shipment.net_payable) == (
        Decimal("5.00"),
        Decimal("1.00"),
        Decimal("1174.00"),
    )


def test_seller_queue_and_shipment_pages_by_post(client, buyer, seller, listing):
    shipment = place(buyer=buyer, items=[(listing, 1)]).shipments.get()
    client.force_login(seller.user)
    url = reverse("orders:seller-shipment", args=[shipment.pk])

    client.post(url, {"to": "accepted"})
    client.post(url, {"to": "packed"})
    response = client.post(
        url, {"to": "dispatched", "courier": "DTDC", "tracking_number": "D123"}, follow=True
    )

    shipment.refresh_from_db()
    assert shipment.status == S.DISPATCHED
    assert shipment.invoice.number.startswith("INV/")
    assert "Mark delivered" in response.content.decode()


def test_expected_payout_date_is_days_after_delivery(buyer, seller, listing, settings):
    settings.PAYOUT_DAYS_AFTER_DELIVERY = 7
    shipment = place(buyer=buyer, items=[(listing, 1)]).shipments.get()
    _dispatch(shipment, seller.user)
    with time_machine.travel(datetime(2026, 5, 10, 12, tzinfo=IST)):
        seller_move(shipment=shipment, to=S.DELIVERED, by=seller.user)

    assert Shipment.objects.get(pk=shipment.pk).expected_payout_date == date(2026, 5, 17)


def test_seller_queue_queries_do_not_grow(
    client, buyer, seller, django_assert_num_queries, session_queries
):
    client.force_login(seller.user)
    place(buyer=buyer, items=[(ListingFactory(seller=seller), 1)])
    # (session), user, seller, payout totals, shipments with order/state/invoice, lines
    with django_assert_num_queries(5 + session_queries):
        client.get(reverse("orders:seller-orders"))
    for _ in range(6):
        place(buyer=buyer, items=[(ListingFactory(seller=seller), 2)])
    with django_assert_num_queries(5 + session_queries):
        response = client.get(reverse("orders:seller-orders"))
    assert response.content.decode().count('<tr><td data-label="Shipment"><a href=') == 7


def test_order_pages_queries_do_not_grow(
    client, buyer, registered_seller, django_assert_num_queries, session_queries
):
    client.force_login(buyer)
    items = [(ListingFactory(seller=registered_seller), 1) for _ in range(2)]
    small = place(buyer=buyer, items=items)
    big_items = [(ListingFactory(), 1) for _ in range(6)] + [
        (ListingFactory(seller=registered_seller), 1) for _ in range(3)
    ]
    for listing, _q in big_items:
        listing.seller.gstin = "09AAPFU0939F1ZV"
        listing.seller.save()
    big = place(buyer=buyer, items=big_items)
    # (session), user, order + ship_state, shipments + seller + invoice, lines + listing +
    # category (for the return window), history, payment attempts, refunds, return requests
    # with credit note and refund, credit notes
    with django_assert_num_queries(9 + session_queries):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(9 + session_queries):
        response = client.get(big.get_absolute_url())
    assert response.content.decode().count('class="shipment"') == 7
    # (session), user, orders, their shipments
    with django_assert_num_queries(3 + session_queries):
        client.get(reverse("orders:order-list"))


def test_order_list_shows_progress_from_its_shipments(
    client, buyer, seller, listing, other_listing
):
    cancelled = place(buyer=buyer, items=[(listing, 1)])
    buyer_cancel(shipment=cancelled.shipments.get(), by=buyer)
    delivered = place(buyer=buyer, items=[(listing, 1), (other_listing, 1)])
    mine, theirs = delivered.shipments.order_by("-seller__display_name")  # Sita, then Omar
    buyer_cancel(shipment=theirs, by=buyer)
    _dispatch(mine, seller.user)
    seller_move(shipment=mine, to=S.DELIVERED, by=seller.user)
    place(buyer=buyer, items=[(listing, 1)])
    client.force_login(buyer)

    body = client.get(reverse("orders:order-list")).content.decode()

    progress = '<td data-label="Status" class="order-progress">'
    cells = [c.split("</td>")[0] for c in body.split(progress)[1:]]
    assert cells == ["Placed", "Partly cancelled", "Cancelled"]
    # The total counts only what was not cancelled.
    after = body.split(f'{progress}Cancelled</td><td data-label="Total">')[1]
    assert after.startswith("₹0.00")
