"""Sellers to verify, and any seller's page: approve, reject, suspend, reinstate."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from catalog.models import Listing
from curation.models import AuditEntry
from sellers.models import Seller
from tests.curation.queue_data import disputed_return, submitted_seller
from tests.factories import ListingFactory, SellerFactory
from tests.sellers.factories import SellerDocumentFactory, image_bytes

pytestmark = pytest.mark.django_db
QUEUE = "curation:seller-queue"


@pytest.fixture
def curator_client(curator):
    """The curator in a browser of its own (`client` stays free for the seller or a visitor)."""
    browser = Client()
    browser.force_login(curator)
    return browser


def session_queries() -> int:
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0


def test_queue_lists_submitted_sellers_oldest_first_with_a_count(curator_client):
    newer = submitted_seller(display_name="Newer Weavers", days_ago=1)
    older = submitted_seller(display_name="Older Potters", days_ago=5)
    SellerFactory(display_name="Verified Already")

    page = curator_client.get(reverse(QUEUE)).text

    assert page.index("Older Potters") < page.index("Newer Weavers")
    assert "Verified Already" not in page
    assert '<span class="badge badge-pending">2</span>' in page
    assert f'value="{older.pk}"' in page
    assert f'value="{newer.pk}"' in page


def test_bulk_approve_of_three_writes_three_audit_entries(curator_client, curator):
    sellers = [submitted_seller(days_ago=n) for n in range(1, 4)]

    response = curator_client.post(
        reverse(QUEUE), {"ids": [s.pk for s in sellers], "action": "verify"}
    )

    assert response.status_code == 302
    assert set(Seller.objects.values_list("status", flat=True)) == {"verified"}
    entries = AuditEntry.objects.filter(action="seller.verify")
    assert entries.count() == 3
    assert {e.object_id for e in entries} == {str(s.pk) for s in sellers}
    assert all(e.actor == curator for e in entries)
    assert entries[0].changes == {"status": ["submitted", "verified"]}


def test_bulk_reject_needs_a_reason_and_changes_nothing_without_one(curator_client):
    sellers = [submitted_seller(days_ago=n) for n in range(1, 3)]

    response = curator_client.post(
        reverse(QUEUE), {"ids": [s.pk for s in sellers], "action": "reject", "reason": "  "}
    )

    assert response.status_code == 400
    assert "Please give a reason the seller can act on." in response.text
    assert set(Seller.objects.values_list("status", flat=True)) == {"submitted"}
    assert not AuditEntry.objects.exists()


def test_bulk_reject_with_a_reason(curator_client):
    sellers = [submitted_seller(days_ago=n) for n in range(1, 4)]

    curator_client.post(
        reverse(QUEUE),
        {"ids": [s.pk for s in sellers], "action": "reject", "reason": "PAN card is blurred."},
    )

    assert set(Seller.objects.values_list("rejection_reason", flat=True)) == {
        "PAN card is blurred."
    }
    assert (
        AuditEntry.objects.filter(action="seller.reject", reason="PAN card is blurred.").count()
        == 3
    )


def test_bulk_needs_a_ticked_item_and_refuses_sellers_outside_the_queue(curator_client):
    verified = SellerFactory()
    nothing = curator_client.post(reverse(QUEUE), {"action": "verify"})
    outside = curator_client.post(reverse(QUEUE), {"ids": [verified.pk], "action": "verify"})

    assert nothing.status_code == outside.status_code == 400
    assert "Please tick at least one item." in nothing.text
    assert not AuditEntry.objects.exists()


def test_seller_page_shows_every_kyc_field_in_full_and_documents_inline(curator_client):
    seller = submitted_seller(gstin="09AAPFU0939F1ZT")
    image = SellerDocumentFactory(
        seller=seller,
        kind="aadhaar",
        file=ContentFile(image_bytes(), name="a.jpg"),
        content_type="image/jpeg",
    )
    pdf = seller.documents.get(content_type="application/pdf")

    page = curator_client.get(reverse("curation:seller", args=[seller.pk])).text

    for value in ("AAPFU0939F", "123456789012", "SBIN0001234", "09AAPFU0939F1ZT", "9876543210"):
        assert value in page
    assert (
        f'<iframe class="doc-preview doc-preview-pdf" src="/seller/documents/{pdf.pk}/?inline=1"'
        in page
    )
    assert f'<img class="doc-preview" src="/seller/documents/{image.pk}/?inline=1"' in page
    assert f'href="/seller/documents/{pdf.pk}/">Download</a>' in page
    assert 'value="verify"' in page
    assert 'value="reject"' in page


def test_documents_are_served_inline_to_curators_and_nobody_else(curator_client, client, buyer):
    seller = submitted_seller()
    document = seller.documents.get()
    url = reverse("sellers:document", args=[document.pk])

    inline = curator_client.get(url, {"inline": "1"})
    download = curator_client.get(url)
    client.force_login(buyer)

    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Content-Type"] == "application/pdf"
    assert inline["X-Content-Type-Options"] == "nosniff"
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert (
        "frame-ancestors 'none'"
        in curator_client.get(reverse("curation:home"))["Content-Security-Policy"]
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert client.get(url, {"inline": "1"}).status_code == 404


def test_approve_from_the_item_page_goes_back_to_the_queue(curator_client, curator):
    seller = submitted_seller()

    response = curator_client.post(
        reverse("curation:seller", args=[seller.pk]), {"action": "verify", "reason": ""}
    )

    assert response["Location"] == reverse(QUEUE)
    seller.refresh_from_db()
    assert seller.status == "verified"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == (
        "seller.verify",
        curator,
        str(seller.pk),
    )


def test_reject_without_a_reason_is_a_form_error(curator_client):
    seller = submitted_seller()

    response = curator_client.post(
        reverse("curation:seller", args=[seller.pk]), {"action": "reject", "reason": ""}
    )

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert Seller.objects.get(pk=seller.pk).status == "submitted"
    assert not AuditEntry.objects.exists()


def test_reject_with_a_reason_shows_in_the_history(curator_client):
    seller = submitted_seller()
    url = reverse("curation:seller", args=[seller.pk])

    curator_client.post(url, {"action": "reject", "reason": "Udyam number does not match."})

    seller.refresh_from_db()
    assert (seller.status, seller.rejection_reason) == ("rejected", "Udyam number does not match.")
    assert "Udyam number does not match." in curator_client.get(url).text
    entry = AuditEntry.objects.get()
    assert entry.changes == {
        "rejection_reason": ["", "Udyam number does not match."],
        "status": ["submitted", "rejected"],
    }


def test_an_action_the_status_does_not_allow_changes_nothing(curator_client):
    seller = SellerFactory()

    response = curator_client.post(
        reverse("curation:seller", args=[seller.pk]), {"action": "verify"}, follow=True
    )

    assert "This action is not available for this item any more." in response.text
    assert not AuditEntry.objects.exists()


def test_suspended_sellers_listings_leave_the_storefront_and_come_back(client, curator_client):
    seller = SellerFactory()
    listing = ListingFactory(seller=seller, title="Chikankari Kurta")
    url = reverse("curation:seller", args=[seller.pk])
    assert client.get(listing.get_absolute_url()).status_code == 200
    assert Listing.objects.live().filter(pk=listing.pk).exists()

    curator_client.post(url, {"action": "suspend", "reason": "Counterfeit complaints."})

    assert Seller.objects.get(pk=seller.pk).status == "suspended"
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert "Chikankari Kurta" not in client.get(reverse("catalog:search"), {"q": "Chikankari"}).text

    no_reason = curator_client.post(url, {"action": "reinstate", "reason": ""})
    assert no_reason.status_code == 400
    curator_client.post(url, {"action": "reinstate", "reason": "Complaints withdrawn."})

    assert client.get(listing.get_absolute_url()).status_code == 200
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "reason")) == [
        ("seller.suspend", "Counterfeit complaints."),
        ("seller.reinstate", "Complaints withdrawn."),
    ]


def test_search_finds_sellers_by_name_email_and_gstin(curator_client):
    SellerFactory(display_name="Banaras Silk House", gstin="09AAPFU0939F1ZT")
    SellerFactory(display_name="Moradabad Brass", user__email="brass@example.com")
    url = reverse("curation:seller-search")

    def names(q):
        return curator_client.get(url, {"q": q}).text

    assert "Banaras Silk House" in names("silk")
    assert "Moradabad Brass" not in names("silk")
    assert "Moradabad Brass" in names("brass@example")
    assert "Banaras Silk House" in names("09AAPFU0939F")


def test_queue_queries_do_not_grow(curator_client, django_assert_num_queries):
    submitted_seller(documents=1)
    # + user, curator group, page count, sellers with document counts
    queries = session_queries() + 4
    with django_assert_num_queries(queries):
        curator_client.get(reverse(QUEUE))
    for n in range(5):
        submitted_seller(documents=2, days_ago=n + 2)
    with django_assert_num_queries(queries):
        curator_client.get(reverse(QUEUE))


def test_search_queries_do_not_grow(curator_client, django_assert_num_queries):
    SellerFactory()
    queries = session_queries() + 4  # + user, curator group, page count, sellers
    with django_assert_num_queries(queries):
        curator_client.get(reverse("curation:seller-search"))
    SellerFactory.create_batch(5)
    with django_assert_num_queries(queries):
        curator_client.get(reverse("curation:seller-search"))


def test_seller_page_queries_do_not_grow(curator_client, django_assert_num_queries):
    seller = SellerFactory()
    disputed_return(seller=seller)
    url = reverse("curation:seller", args=[seller.pk])
    # + user, curator group, seller, documents, history, products, change requests, payout
    # totals, and a list and a count each of listings, shipments, returns and refunds
    queries = session_queries() + 16
    with django_assert_num_queries(queries):
        curator_client.get(url)
    for _ in range(3):
        disputed_return(seller=seller)
    SellerDocumentFactory.create_batch(2, seller=seller)
    with django_assert_num_queries(queries):
        curator_client.get(url)
