"""Credit note documents: only the buyer and the seller see them, as HTML and as PDF in Hindi."""

import pytest
from django.urls import reverse
from django.utils import translation

from orders.models import CreditNote, ReturnRequest
from orders.services import returns
from orders.services.credit_notes import credit_note_pdf
from tests.factories import ListingFactory, UserFactory

from .test_returns import UPI, delivered_line, full_flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(buyer, registered_seller):
    listing = ListingFactory(
        seller=registered_seller,
        title="Kannauj Rose Attar",
        price="1180.00",
        mrp="1500.00",
        hsn_code="3303",  # perfumes: 18 %
        gst_rate="18",
    )
    _shipment, line = delivered_line(buyer, listing, 2)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)
    full_flow(rr, registered_seller.user)
    return CreditNote.objects.get(return_request=rr)


def test_credit_note_page_shows_what_gst_requires(client, buyer, note):
    client.force_login(buyer)

    body = client.get(reverse("orders:credit-note", args=[note.pk])).content.decode()

    invoice = note.invoice
    for text in [
        f'Credit note <strong class="credit-note-number">{note.number}</strong> against invoice {invoice.number}',
        note.seller_name,
        note.seller_gstin,
        "Place of supply",
        note.shipment.order.ship_name,
        "Kannauj Rose Attar",
        "1,000.00",  # taxable value of the returned unit
        "90.00",  # CGST and SGST of 180.00 at 18 % within the state
        "₹1,180.00",
        "Return: Arrived damaged",
    ]:
        assert text in body, text


def test_credit_note_only_for_its_buyer_and_seller(client, buyer, registered_seller, note):
    urls = [
        reverse(name, args=[note.pk]) for name in ("orders:credit-note", "orders:credit-note-pdf")
    ]

    for user, expected in [(buyer, 200), (registered_seller.user, 200), (UserFactory(), 404)]:
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [expected, expected]
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_credit_note_linked_from_both_order_pages(client, buyer, registered_seller, note):
    url = reverse("orders:credit-note", args=[note.pk])
    client.force_login(buyer)
    assert url in client.get(note.shipment.order.get_absolute_url()).content.decode()
    client.force_login(registered_seller.user)
    seller_page = reverse("orders:seller-shipment", args=[note.shipment_id])
    assert url in client.get(seller_page).content.decode()


def test_credit_note_pdf_renders_hindi_with_a_real_font(client, buyer, note):
    client.force_login(buyer)

    response = client.get(reverse("orders:credit-note-pdf", args=[note.pk]))
    with translation.override("hi"):
        uncompressed = credit_note_pdf(note=note, compress=False)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="credit-note-{note.number.replace("/", "-")}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert b"+Noto-Sans-Devanagari" in uncompressed


def test_credit_notes_are_never_edited(note):
    note.reason = "changed"
    with pytest.raises(ValueError, match="never edited"):
        note.save()


def test_credit_note_page_queries_do_not_grow(
    client, buyer, registered_seller, django_assert_num_queries, session_queries
):
    client.force_login(buyer)
    listing = ListingFactory(
        seller=registered_seller, price="1180.00", mrp="1500.00", hsn_code="3303", gst_rate="18"
    )
    _shipment, line = delivered_line(buyer, listing, 1)
    small = returns.request_return(
        line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI
    )
    full_flow(small, registered_seller.user)
    small_note = CreditNote.objects.get(return_request=small)
    # A dispatched shipment of 6 lines cancelled in transit: one note with 6 lines.
    from orders.models import Shipment
    from orders.services import seller_move

    from .factories import place

    items = [(ListingFactory(seller=registered_seller), 1) for _ in range(6)]
    shipment = place(buyer=buyer, items=items).shipments.get()
    for to in ("accepted", "packed"):
        seller_move(shipment=shipment, to=to, by=registered_seller.user)
    seller_move(
        shipment=shipment,
        to="dispatched",
        by=registered_seller.user,
        courier="C",
        tracking_number="T",
    )
    seller_move(
        shipment=shipment, to=Shipment.Status.CANCELLED, by=registered_seller.user, reason="Lost"
    )
    big_note = CreditNote.objects.get(shipment=shipment)
    # (session), user, credit note + invoice + shipment + order + states, lines
    for note in (small_note, big_note):
        with django_assert_num_queries(3 + session_queries):
            response = client.get(reverse("orders:credit-note", args=[note.pk]))
    assert response.content.decode().count('<tr><td class="line-title">') == 6
    assert ReturnRequest.objects.count() == 1
