"""Returns after delivery: request, decision, dispute, pickup, receipt with credit note and refund."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalog.models import Listing
from orders.errors import ReturnNotAllowed
from orders.models import (
    CreditNote,
    Order,
    Refund,
    ReturnRequest,
    ReturnStatusChange,
    Shipment,
)
from orders.services import returns, seller_move, start_payment
from orders.services.payments import mark_paid
from tests.factories import ListingFactory

from .factories import place

pytestmark = pytest.mark.django_db
S = Shipment.Status
R = ReturnRequest.Status
UPI = "bina@okaxis"


def deliver(shipment, user):
    for to in (S.ACCEPTED, S.PACKED):
        seller_move(shipment=shipment, to=to, by=user)
    seller_move(shipment=shipment, to=S.DISPATCHED, by=user, courier="DTDC", tracking_number="D1")
    return seller_move(shipment=shipment, to=S.DELIVERED, by=user)


def paid_online_order(buyer, items):
    order = place(buyer=buyer, items=items, payment_method=Order.PaymentMethod.ONLINE)
    payment = start_payment(order=order)
    mark_paid(gateway_order_id=payment.gateway_order_id, payment_id="pay_ret1")
    return Order.objects.get(pk=order.pk)


@pytest.fixture
def gst_listing(registered_seller):
    """₹1,180 at 18 % GST from a registered seller: taxable 1,000, tax 180 per unit."""
    return ListingFactory(
        seller=registered_seller, price="1180.00", mrp="1500.00", hsn_code="3303", gst_rate="18"
    )


def delivered_line(buyer, listing, quantity=3, *, online=False):
    if online:
        order = paid_online_order(buyer, [(listing, quantity)])
    else:
        order = place(buyer=buyer, items=[(listing, quantity)])
    shipment = deliver(order.shipments.get(), listing.seller.user)
    return shipment, shipment.lines.get()


def full_flow(return_request, seller_user, *, resaleable=True):
    returns.accept_return(return_request=return_request, by=seller_user)
    returns.book_pickup(
        return_request=return_request, by=seller_user, courier="Delhivery", tracking_number="RP1"
    )
    return returns.receive_return(
        return_request=return_request, by=seller_user, resaleable=resaleable
    )


def test_online_return_refunds_to_the_payment_with_a_credit_note(
    buyer, registered_seller, gst_listing, django_capture_on_commit_callbacks
):
    shipment, line = delivered_line(buyer, gst_listing, 2, online=True)
    net_before = shipment.net_payable
    stock_before = Listing.objects.get(pk=gst_listing.pk).stock

    rr = returns.request_return(line=line, buyer=buyer, quantity=2, reason="damaged")
    with django_capture_on_commit_callbacks(execute=True):
        full_flow(rr, registered_seller.user)

    rr.refresh_from_db()
    refund = Refund.objects.get(return_request=rr)
    note = CreditNote.objects.get(return_request=rr)
    line.refresh_from_db()
    shipment.refresh_from_db()
    assert rr.status == R.RECEIVED
    assert rr.amount == refund.amount == note.total == Decimal("2360.00")
    assert refund.method == Refund.Method.ORIGINAL
    assert refund.status == Refund.Status.PROCESSED  # the fake gateway refunds at once
    assert note.number == "CN/" + shipment.invoice.number[4:8] + "/000001"
    assert note.invoice == shipment.invoice
    # A full return credits exactly the invoice line's tax split.
    assert [(cl.taxable_value, cl.cgst, cl.sgst, cl.igst) for cl in note.lines.all()] == [
        (line.taxable_value, line.cgst, line.sgst, line.igst)
    ]
    assert line.returned_quantity == 2
    assert Listing.objects.get(pk=gst_listing.pk).stock == stock_before + 2
    assert shipment.credited_total == Decimal("2360.00")
    # Before: 2,360 less TCS 0.5 % (10.00) and TDS 5 % without PAN (100.00) of taxable 2,000.
    assert net_before == Decimal("2250.00")
    assert shipment.net_payable == Decimal("0.00")
    assert (shipment.tcs, shipment.tds) == (Decimal("0.00"), Decimal("0.00"))
    assert list(
        ReturnStatusChange.objects.filter(return_request=rr).values_list("to_status", flat=True)
    ) == [R.REQUESTED, R.ACCEPTED, R.PICKUP_SCHEDULED, R.RECEIVED]


def test_cod_partial_returns_add_up_to_the_invoice_and_payout_follows_the_net(
    buyer, registered_seller, gst_listing, settings
):
    settings.MARKETPLACE_COMMISSION_PERCENT = "0"
    registered_seller.pan = "AAPFU0939F"
    registered_seller.save()
    # 3 × 1,180 with a line whose split has rounding (taxable 3,000, tax 540).
    shipment, line = delivered_line(buyer, gst_listing, 3)

    first = returns.request_return(
        line=line, buyer=buyer, quantity=1, reason="quality", refund_to=UPI
    )
    full_flow(first, registered_seller.user, resaleable=False)
    shipment.refresh_from_db()
    # Net 2 × 1,180 = 2,360 (taxable 2,000): TCS 0.5 % = 10.00, TDS 0.1 % = 2.00.
    assert (shipment.tcs, shipment.tds, shipment.net_payable) == (
        Decimal("10.00"),
        Decimal("2.00"),
        Decimal("2348.00"),
    )
    second = returns.request_return(
        line=line, buyer=buyer, quantity=2, reason="quality", refund_to="12345678901 SBIN0001234"
    )
    full_flow(second, registered_seller.user, resaleable=False)

    line.refresh_from_db()
    notes = list(CreditNote.objects.filter(shipment=shipment).prefetch_related("lines"))
    for field in ("total", "taxable_value", "cgst", "sgst", "igst"):
        assert sum(getattr(n, field) for n in notes) == getattr(line, field), field
    refunds = list(Refund.objects.filter(order=shipment.order).order_by("pk"))
    assert [(r.amount, r.method, r.payout_to) for r in refunds] == [
        (Decimal("1180.00"), Refund.Method.BANK, UPI),
        (Decimal("2360.00"), Refund.Method.BANK, "12345678901 SBIN0001234"),
    ]
    assert all(r.status == Refund.Status.REQUESTED for r in refunds)  # a curator pays them out
    shipment.refresh_from_db()
    assert shipment.net_payable == Decimal("0.00")
    # Not resaleable: stock stays where the sale left it.
    assert Listing.objects.get(pk=gst_listing.pk).stock == 17


def test_cod_return_needs_a_bank_account_or_upi(buyer, seller, listing):
    _shipment, line = delivered_line(buyer, listing, 1)

    with pytest.raises(ReturnNotAllowed, match="UPI"):
        returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged")

    assert not ReturnRequest.objects.exists()


def test_window_closes_after_the_category_days(buyer, seller, listing, settings):
    shipment, line = delivered_line(buyer, listing, 1)
    settings.RETURN_WINDOW_DAYS = 7

    with (
        time_machine.travel(shipment.delivered_at + timedelta(days=7, minutes=1)),
        pytest.raises(ReturnNotAllowed, match="closed"),
    ):
        returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)
    settings.RETURN_WINDOW_DAYS_BY_CATEGORY = {listing.category.slug: 0}
    with pytest.raises(ReturnNotAllowed, match="cannot be returned"):
        returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)
    settings.RETURN_WINDOW_DAYS_BY_CATEGORY = {listing.category.slug: 10}
    with time_machine.travel(shipment.delivered_at + timedelta(days=9)):
        returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)

    assert ReturnRequest.objects.count() == 1


def test_not_delivered_and_nothing_left_are_refused(buyer, seller, listing):
    order = place(buyer=buyer, items=[(listing, 2)])
    line = order.shipments.get().lines.get()

    with pytest.raises(ReturnNotAllowed, match="delivered"):
        returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)
    deliver(order.shipments.get(), seller.user)
    returns.request_return(line=line, buyer=buyer, quantity=2, reason="damaged", refund_to=UPI)
    with pytest.raises(ReturnNotAllowed, match="already returned"):
        returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)


def test_quantity_is_limited_to_what_is_left(buyer, seller, listing):
    _shipment, line = delivered_line(buyer, listing, 2)
    returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)

    with pytest.raises(ReturnNotAllowed, match="between 1 and 1"):
        returns.request_return(line=line, buyer=buyer, quantity=2, reason="damaged", refund_to=UPI)


def test_withdrawn_request_frees_its_units_but_not_after_pickup(buyer, seller, listing):
    _shipment, line = delivered_line(buyer, listing, 1)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI)
    returns.withdraw_return(return_request=rr, by=buyer)
    again = returns.request_return(
        line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI
    )
    returns.accept_return(return_request=again, by=seller.user)
    returns.book_pickup(return_request=again, by=seller.user, courier="X", tracking_number="Y")

    with pytest.raises(ReturnNotAllowed):
        returns.withdraw_return(return_request=again, by=buyer)

    assert ReturnRequest.objects.get(pk=again.pk).status == R.PICKUP_SCHEDULED


def test_dispute_overruled_by_a_curator_then_received(
    buyer, seller, listing, curator, django_capture_on_commit_callbacks
):
    _shipment, line = delivered_line(buyer, listing, 1)
    rr = returns.request_return(
        line=line, buyer=buyer, quantity=1, reason="wrong_item", refund_to=UPI
    )
    with pytest.raises(ReturnNotAllowed, match="reason"):
        returns.reject_return(return_request=rr, by=seller.user, reason=" ")
    returns.reject_return(return_request=rr, by=seller.user, reason="Used item")
    returns.dispute_return(return_request=rr, by=buyer, reason="It came used")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        returns.overrule_rejection(return_request=rr, by=curator, note="Photos show damage")

    rr.refresh_from_db()
    assert (rr.status, rr.curator_note) == (R.ACCEPTED, "Photos show damage")
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([buyer.email, seller.user.email])
    full_flow_rest = returns.book_pickup(
        return_request=rr, by=seller.user, courier="X", tracking_number="Y"
    )
    returns.receive_return(return_request=full_flow_rest, by=seller.user, resaleable=True)
    assert ReturnRequest.objects.get(pk=rr.pk).status == R.RECEIVED


def test_upheld_rejection_cannot_be_disputed_again(buyer, seller, listing, curator):
    _shipment, line = delivered_line(buyer, listing, 1)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="other", refund_to=UPI)
    returns.reject_return(return_request=rr, by=seller.user, reason="Outside policy")
    returns.dispute_return(return_request=rr, by=buyer, reason="No")

    returns.uphold_rejection(return_request=rr, by=curator, note="Seller is right")

    with pytest.raises(ReturnNotAllowed, match="already decided"):
        returns.dispute_return(return_request=rr, by=buyer, reason="Still no")
    with pytest.raises(ReturnNotAllowed):
        returns.overrule_rejection(return_request=rr, by=curator, note="Second thoughts")
    assert ReturnRequest.objects.get(pk=rr.pk).status == R.REJECTED


def test_receiving_twice_acts_once(buyer, seller, listing):
    _shipment, line = delivered_line(buyer, listing, 2)
    rr = returns.request_return(line=line, buyer=buyer, quantity=2, reason="damaged", refund_to=UPI)
    full_flow(rr, seller.user)
    stale = ReturnRequest.objects.get(pk=rr.pk)

    with pytest.raises(ReturnNotAllowed):
        returns.receive_return(return_request=stale, by=seller.user, resaleable=True)

    assert CreditNote.objects.count() == 1
    assert Refund.objects.count() == 1
    assert Listing.objects.get(pk=listing.pk).stock == 20
    assert ReturnStatusChange.objects.filter(to_status=R.RECEIVED).count() == 1


def test_emails_say_how_much_and_where(buyer, seller, listing, django_capture_on_commit_callbacks):
    _shipment, line = delivered_line(buyer, listing, 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rr = returns.request_return(
            line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([buyer.email, seller.user.email])
    seller_mail = next(m for m in mail.outbox if m.to == [seller.user.email])
    assert "asks to return 1 × Kannauj Attar 10 ml" in seller_mail.body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        full_flow(rr, seller.user)

    buyer_bodies = "\n".join(m.body for m in mail.outbox if m.to == [buyer.email])
    assert "pickup is booked with Delhivery, tracking number RP1" in buyer_bodies
    assert "A refund of ₹499.00 is on its way" in buyer_bodies
    assert f"to {UPI}, within" in buyer_bodies
    assert "Credit note CN/" in buyer_bodies


def test_strangers_cannot_act_on_a_return(buyer, seller, listing, other_seller):
    from tests.factories import UserFactory

    _shipment, line = delivered_line(buyer, listing, 1)

    with pytest.raises(Shipment.DoesNotExist):
        returns.request_return(
            line=line, buyer=UserFactory(), quantity=1, reason="damaged", refund_to=UPI
        )
    assert not ReturnRequest.objects.exists()


def test_delivered_at_is_required_for_the_window(buyer, seller, listing):
    shipment, line = delivered_line(buyer, listing, 1)

    assert returns.return_deadline(line=line, shipment=shipment) == shipment.delivered_at + (
        timedelta(days=7)
    )
    assert shipment.delivered_at <= timezone.now()


# --- Pages ------------------------------------------------------------------------------------


def _png(size=(40, 30)):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile("broken.png", buffer.getvalue(), content_type="image/png")


def test_buyer_returns_from_the_order_page_with_a_photo(
    client, buyer, seller, listing, django_capture_on_commit_callbacks
):
    shipment, line = delivered_line(buyer, listing, 2)
    client.force_login(buyer)
    page = client.get(shipment.order.get_absolute_url()).content.decode()
    url = reverse("orders:line-return", args=[line.pk])
    assert url in page

    with django_capture_on_commit_callbacks(execute=False) as pending:
        response = client.post(
            url,
            {
                "quantity": 1,
                "reason": "damaged",
                "details": "Cracked bottle",
                "refund_to": "12345678901 sbin0001234",
                "photos": [_png()],
            },
        )

    assert response.status_code == 302
    rr = ReturnRequest.objects.get()
    assert rr.photos.count() == 0  # still raw, in private storage: the seller sees nothing yet
    for callback in pending:
        callback()  # the worker decodes and cleans it
    assert (rr.quantity, rr.amount, rr.refund_to) == (
        1,
        Decimal("499.00"),
        "12345678901 SBIN0001234",
    )
    assert rr.photos.count() == 1
    page = client.get(shipment.order.get_absolute_url()).content.decode()
    assert "Return requested" in page
    assert "Withdraw the return" in page


def test_return_form_refuses_bad_refund_details_and_fake_photos(client, buyer, seller, listing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _shipment, line = delivered_line(buyer, listing, 1)
    client.force_login(buyer)
    url = reverse("orders:line-return", args=[line.pk])

    bad_bank = client.post(url, {"quantity": 1, "reason": "damaged", "refund_to": "12 XYZ"})
    too_many = client.post(url, {"quantity": 5, "reason": "damaged", "refund_to": UPI})
    fake = client.post(
        url,
        {
            "quantity": 1,
            "reason": "damaged",
            "refund_to": UPI,
            "photos": [SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", "image/jpeg")],
        },
    )

    assert bad_bank.status_code == too_many.status_code == fake.status_code == 400
    assert "IFSC" in bad_bank.content.decode()
    assert "less than or equal to 1" in too_many.content.decode()
    assert "not a JPEG, PNG or WebP photo" in fake.content.decode()
    assert not ReturnRequest.objects.exists()


def test_return_page_refuses_clearly_when_the_window_closed(client, buyer, seller, listing):
    shipment, line = delivered_line(buyer, listing, 1)
    client.force_login(buyer)
    url = reverse("orders:line-return", args=[line.pk])

    with time_machine.travel(shipment.delivered_at + timedelta(days=8)):
        page = client.get(url).content.decode()
        order_page = client.get(shipment.order.get_absolute_url()).content.decode()
        posted = client.post(url, {"quantity": 1, "reason": "damaged", "refund_to": UPI})

    assert "The return window of 7 days after delivery closed on" in page
    assert url not in order_page
    assert posted.status_code == 409
    assert not ReturnRequest.objects.exists()


def test_other_peoples_returns_are_404(client, buyer, seller, listing, other_seller):
    from tests.factories import UserFactory

    _shipment, line = delivered_line(buyer, listing, 1)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="other", refund_to=UPI)
    client.force_login(UserFactory())

    assert client.get(reverse("orders:line-return", args=[line.pk])).status_code == 404
    assert client.post(reverse("orders:return-withdraw", args=[rr.pk])).status_code == 404
    assert client.post(reverse("orders:return-dispute", args=[rr.pk])).status_code == 404
    client.force_login(other_seller.user)
    action = reverse("orders:seller-return-action", args=[rr.pk])
    assert client.post(action, {"action": "accept"}).status_code == 404
    assert rr.pk not in [
        r.pk for r in client.get(reverse("orders:seller-returns")).context["returns"]
    ]
    assert ReturnRequest.objects.get(pk=rr.pk).status == R.REQUESTED


def test_seller_pages_take_the_return_to_received(client, buyer, seller, listing):
    shipment, line = delivered_line(buyer, listing, 2)
    rr = returns.request_return(line=line, buyer=buyer, quantity=2, reason="damaged", refund_to=UPI)
    client.force_login(seller.user)
    action = reverse("orders:seller-return-action", args=[rr.pk])
    assert "Accept the return" in client.get(reverse("orders:seller-returns")).content.decode()

    client.post(action, {"action": "accept"})
    client.post(action, {"action": "pickup", "courier": "Delhivery", "tracking_number": "RP9"})
    missing = client.post(action, {"action": "receive"}, follow=True)
    assert "Say whether the item can be sold again." in missing.content.decode()
    client.post(action, {"action": "receive", "resaleable": "no"})
    client.post(action, {"action": "receive", "resaleable": "yes"})  # a double click

    rr.refresh_from_db()
    assert (rr.status, rr.resaleable) == (R.RECEIVED, False)
    assert Listing.objects.get(pk=listing.pk).stock == 18
    page = client.get(reverse("orders:seller-shipment", args=[shipment.pk])).content.decode()
    assert "Credit note CN/" in page
    assert "Refund ₹998.00: Refund requested" in page


def test_buyer_disputes_a_rejection_from_the_order_page(client, buyer, seller, listing):
    shipment, line = delivered_line(buyer, listing, 1)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="other", refund_to=UPI)
    returns.reject_return(return_request=rr, by=seller.user, reason="Opened")
    client.force_login(buyer)
    assert "Dispute" in client.get(shipment.order.get_absolute_url()).content.decode()

    client.post(reverse("orders:return-dispute", args=[rr.pk]), {"reason": "It was sealed"})

    rr.refresh_from_db()
    assert (rr.status, rr.dispute_reason) == (R.DISPUTED, "It was sealed")


def _returns_for(buyer, seller, count):
    for _ in range(count):
        listing = ListingFactory(seller=seller)
        _shipment, line = delivered_line(buyer, listing, 1)
        returns.request_return(line=line, buyer=buyer, quantity=1, reason="other", refund_to=UPI)


def test_seller_returns_page_queries_do_not_grow(
    client, buyer, seller, django_assert_num_queries, session_queries
):
    client.force_login(seller.user)
    _returns_for(buyer, seller, 1)
    # (session), user, seller, returns with line/order/buyer/credit note/refund, photos
    with django_assert_num_queries(4 + session_queries):
        client.get(reverse("orders:seller-returns"))
    _returns_for(buyer, seller, 4)
    with django_assert_num_queries(4 + session_queries):
        response = client.get(reverse("orders:seller-returns"))
    assert response.content.decode().count('class="seller-return"') == 5


# --- Curators in the admin --------------------------------------------------------------------


def _disputed(buyer, seller, listing):
    _shipment, line = delivered_line(buyer, listing, 1)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="other", refund_to=UPI)
    returns.reject_return(return_request=rr, by=seller.user, reason="Opened")
    returns.dispute_return(return_request=rr, by=buyer, reason="Sealed")
    return rr


def test_curator_overrules_from_the_queue_with_a_note(client, buyer, seller, listing, curator):
    older = returns.request_return(
        line=delivered_line(buyer, ListingFactory(seller=seller), 1)[1],
        buyer=buyer,
        quantity=1,
        reason="other",
        refund_to=UPI,
    )
    rr = _disputed(buyer, seller, listing)
    client.force_login(curator)
    changelist = reverse("admin:orders_returnrequest_changelist")

    listed = client.get(changelist)
    asked = client.post(changelist, {"action": "overrule", "_selected_action": [rr.pk, rr.pk]})
    client.post(
        changelist,
        {"action": "overrule", "_selected_action": [rr.pk], "apply": "1", "note": "Seal intact"},
    )
    again = client.post(
        changelist,
        {"action": "uphold", "_selected_action": [rr.pk], "apply": "1", "note": "Changed my mind"},
        follow=True,
    )

    assert [r.pk for r in listed.context["cl"].result_list] == [rr.pk, older.pk]
    assert "Decision (the buyer and the seller read it)" in asked.content.decode()
    rr.refresh_from_db()
    assert (rr.status, rr.curator_note) == (R.ACCEPTED, "Seal intact")
    assert "cannot become" in again.content.decode()
    assert ReturnStatusChange.objects.filter(return_request=rr, by=curator).count() == 1


def test_non_curator_staff_cannot_see_or_act(client, buyer, seller, listing):
    from tests.factories import UserFactory

    rr = _disputed(buyer, seller, listing)
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    changelist = reverse("admin:orders_returnrequest_changelist")

    response = client.post(
        changelist,
        {"action": "overrule", "_selected_action": [rr.pk], "apply": "1", "note": "x"},
    )

    assert response.status_code == 403
    assert ReturnRequest.objects.get(pk=rr.pk).status == R.DISPUTED


def test_curator_marks_a_cod_refund_paid_with_its_utr(client, buyer, seller, listing, curator):
    _shipment, line = delivered_line(buyer, listing, 1)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="other", refund_to=UPI)
    full_flow(rr, seller.user)
    refund = Refund.objects.get()
    client.force_login(curator)
    changelist = reverse("admin:orders_refund_changelist")

    client.post(
        changelist,
        {
            "action": "settle_bank",
            "_selected_action": [refund.pk],
            "apply": "1",
            "reference": "UTR42",
        },
    )
    twice = client.post(
        changelist,
        {
            "action": "settle_bank",
            "_selected_action": [refund.pk],
            "apply": "1",
            "reference": "UTR43",
        },
        follow=True,
    )

    refund.refresh_from_db()
    assert (refund.status, refund.payout_reference) == (Refund.Status.PROCESSED, "UTR42")
    assert "already settled" in twice.content.decode()


def test_curator_retries_a_failed_online_refund(
    client,
    buyer,
    registered_seller,
    gst_listing,
    curator,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.FAKE_REFUNDS_FAIL = True
    _shipment, line = delivered_line(buyer, gst_listing, 1, online=True)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="damaged")
    with django_capture_on_commit_callbacks(execute=True):
        full_flow(rr, registered_seller.user)
    refund = Refund.objects.get()
    assert refund.status == Refund.Status.FAILED
    settings.FAKE_REFUNDS_FAIL = False
    client.force_login(curator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:orders_refund_changelist"),
            {"action": "retry", "_selected_action": [refund.pk]},
        )

    refund.refresh_from_db()
    assert refund.status == Refund.Status.PROCESSED


def test_curator_admin_pages_open(client, buyer, seller, listing, curator):
    _shipment, line = delivered_line(buyer, listing, 1)
    rr = returns.request_return(line=line, buyer=buyer, quantity=1, reason="other", refund_to=UPI)
    full_flow(rr, seller.user)
    client.force_login(curator)

    urls = [
        reverse("admin:index"),
        reverse("admin:orders_returnrequest_change", args=[rr.pk]),
        reverse("admin:orders_refund_changelist"),
        reverse("admin:orders_creditnote_changelist"),
        reverse("admin:orders_creditnote_change", args=[CreditNote.objects.get().pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [200] * 5
    assert UPI not in client.get(urls[1]).content.decode()


# --- API --------------------------------------------------------------------------------------


def test_api_return_request_and_order_shows_it(client, buyer, seller, listing):
    shipment, line = delivered_line(buyer, listing, 2)
    client.force_login(buyer)
    url = f"/api/v1/orders/lines/{line.pk}/returns/"

    missing = client.post(
        url, {"quantity": 1, "reason": "damaged"}, content_type="application/json"
    )
    bad = client.post(
        url,
        {"quantity": 1, "reason": "damaged", "refund_to": "not a bank"},
        content_type="application/json",
    )
    made = client.post(
        url,
        {"quantity": 2, "reason": "damaged", "refund_to": "bina@okaxis"},
        content_type="application/json",
    )
    nothing_left = client.post(
        url, {"quantity": 1, "reason": "damaged", "refund_to": UPI}, content_type="application/json"
    )
    order = client.get(f"/api/v1/orders/{shipment.order_id}/").json()

    assert missing.status_code == 409
    assert missing.json()["error"]["code"] == "return_not_allowed"
    assert bad.status_code == 400
    assert "refund_to" in bad.json()["error"]["details"]
    assert made.status_code == 201
    assert (made.json()["amount"], made.json()["status"]) == ("998.00", "requested")
    assert nothing_left.status_code == 409
    assert order["shipments"][0]["returns"][0]["id"] == made.json()["id"]
    assert ReturnRequest.objects.count() == 1


def test_api_other_buyers_line_is_404(client, buyer, seller, listing):
    from tests.factories import UserFactory

    _shipment, line = delivered_line(buyer, listing, 1)
    client.force_login(UserFactory())

    response = client.post(
        f"/api/v1/orders/lines/{line.pk}/returns/",
        {"quantity": 1, "reason": "damaged", "refund_to": UPI},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not ReturnRequest.objects.exists()
