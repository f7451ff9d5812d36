"""A verified seller asks to change its bank account or address; a curator applies or refuses."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from curation.models import AuditEntry
from sellers import services
from sellers.models import Seller, SellerChangeRequest
from tests.factories import SellerFactory

pytestmark = pytest.mark.django_db
NEW_BANK = {
    "bank-bank_account_number": "5566778899",
    "bank-bank_account_number_again": "5566778899",
    "bank-ifsc": "hdfc0000123",
}


@pytest.fixture
def curator_client(curator):
    """The curator in a browser of its own (`client` stays free for the seller or a visitor)."""
    browser = Client()
    browser.force_login(curator)
    return browser


def session_queries() -> int:
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0


@pytest.fixture
def verified(client):
    seller = SellerFactory(bank_account_number="123456789012", ifsc="SBIN0001234")
    client.force_login(seller.user)
    return seller


def test_verified_seller_asks_for_a_new_bank_account_from_the_profile(client, verified):
    page = client.get(reverse("sellers:profile")).text
    assert "Change your bank account or address" in page

    response = client.post(reverse("sellers:change-request", args=["bank"]), NEW_BANK, follow=True)

    request = SellerChangeRequest.objects.get()
    assert (request.kind, request.status) == ("bank", "pending")
    assert request.requested_values == {"bank_account_number": "5566778899", "ifsc": "HDFC0000123"}
    assert Seller.objects.get(pk=verified.pk).bank_account_number == "123456789012"  # not yet
    assert "Sent to the curators." in response.text
    assert "XXXXXX8899" in response.text
    assert "Waiting for a curator" in response.text


def test_bad_values_are_form_errors_and_nothing_is_asked(client, verified):
    response = client.post(
        reverse("sellers:change-request", args=["bank"]),
        {**NEW_BANK, "bank-bank_account_number_again": "1111"},
    )

    assert response.status_code == 400
    assert "The two account numbers are not the same." in response.text
    assert not SellerChangeRequest.objects.exists()


def test_a_second_open_request_of_the_same_kind_is_refused(client, verified):
    url = reverse("sellers:change-request", args=["bank"])
    client.post(url, NEW_BANK)
    response = client.post(url, NEW_BANK, follow=True)

    assert "You already asked for this change" in response.text
    assert SellerChangeRequest.objects.count() == 1


def test_sellers_not_yet_verified_cannot_ask(client):
    seller = SellerFactory(status="draft")
    client.force_login(seller.user)

    assert "Change your bank account" not in client.get(reverse("sellers:profile")).text
    client.post(reverse("sellers:change-request", args=["bank"]), NEW_BANK)
    assert not SellerChangeRequest.objects.exists()


def test_curator_applies_a_change_and_the_audit_keeps_the_old_value(
    client, verified, curator, curator_client
):
    client.post(reverse("sellers:change-request", args=["bank"]), NEW_BANK)
    request = SellerChangeRequest.objects.get()
    url = reverse("curation:change-request", args=[request.pk])
    page = curator_client.get(url).text
    assert "123456789012" in page
    assert "5566778899" in page

    response = curator_client.post(url, {"action": "apply", "reason": "Cheque checked."})

    assert response["Location"] == reverse("curation:change-queue")
    verified.refresh_from_db()
    assert (verified.bank_account_number, verified.ifsc) == ("5566778899", "HDFC0000123")
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("applied", curator)
    entry = AuditEntry.objects.get()
    assert entry.action == "seller.change_bank"
    assert entry.object_id == str(verified.pk)
    assert entry.changes == {
        "bank_account_number": ["123456789012", "5566778899"],
        "ifsc": ["SBIN0001234", "HDFC0000123"],
    }
    assert "Applied" in client.get(reverse("sellers:profile")).text


def test_address_change_applied(client, verified, curator_client):
    old_address = verified.address
    state = verified.district.state
    state.iso_code = "IN-UP"  # so that a Kannauj PIN code is in the seller's state
    state.save(update_fields=["iso_code"])
    wrong_state = client.post(
        reverse("sellers:change-request", args=["address"]),
        {"address-address": "7, New Lane", "address-pin_code": "194101"},  # Leh
    )
    assert wrong_state.status_code == 400
    client.post(
        reverse("sellers:change-request", args=["address"]),
        {"address-address": "7, New Lane", "address-pin_code": "209725"},
    )
    request = SellerChangeRequest.objects.get()

    curator_client.post(reverse("curation:change-request", args=[request.pk]), {"action": "apply"})

    assert Seller.objects.get(pk=verified.pk).address == "7, New Lane"
    assert AuditEntry.objects.get().changes == {
        "address": [old_address, "7, New Lane"],
        "pin_code": [verified.pin_code, "209725"],
    }


def test_refusal_needs_a_reason_and_the_seller_reads_it(client, verified, curator_client):
    client.post(reverse("sellers:change-request", args=["bank"]), NEW_BANK)
    request = SellerChangeRequest.objects.get()
    url = reverse("curation:change-request", args=[request.pk])

    no_reason = curator_client.post(url, {"action": "reject", "reason": ""})
    assert no_reason.status_code == 400
    assert SellerChangeRequest.objects.get().status == "pending"
    assert not AuditEntry.objects.exists()

    curator_client.post(url, {"action": "reject", "reason": "The cheque is in another name."})

    assert SellerChangeRequest.objects.get().status == "rejected"
    assert Seller.objects.get(pk=verified.pk).bank_account_number == "123456789012"
    assert AuditEntry.objects.get().action == "seller.change_reject"
    profile = client.get(reverse("sellers:profile")).text
    assert "Refused" in profile
    assert "The cheque is in another name." in profile
    # Decided: applying it now is refused, and writes nothing.
    curator_client.post(url, {"action": "apply"})
    assert AuditEntry.objects.count() == 1


def test_queue_oldest_first_and_queries_do_not_grow(curator_client, django_assert_num_queries):
    first = SellerFactory(display_name="First Asker")
    services.request_change(
        seller=first, kind="address", values={"address": "1, Lane", "pin_code": "282001"}
    )
    # + user, curator group, page count, requests with sellers
    queries = session_queries() + 4
    with django_assert_num_queries(queries):
        curator_client.get(reverse("curation:change-queue"))
    for n in range(4):
        services.request_change(
            seller=SellerFactory(display_name=f"Later Asker {n}"),
            kind="bank",
            values={"bank_account_number": "1234567", "ifsc": "SBIN0001234"},
        )
    with django_assert_num_queries(queries):
        page = curator_client.get(reverse("curation:change-queue")).text
    assert page.index("First Asker") < page.index("Later Asker 0")


def test_profile_with_requests_renders_in_hindi(client, verified):
    client.post(reverse("sellers:change-request", args=["bank"]), NEW_BANK)

    response = client.get("/hi" + reverse("sellers:profile"))

    assert response.status_code == 200
    assert "XXXXXX8899" in response.text


def test_unknown_kind_is_404(client, verified):
    assert client.post(reverse("sellers:change-request", args=["pan"]), {}).status_code == 404
