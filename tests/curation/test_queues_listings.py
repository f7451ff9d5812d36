"""Listings to moderate and GI authorised-user claims."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from catalog import services as seller_services
from catalog.errors import TransitionNotAllowed
from catalog.models import Listing, ListingStatusChange
from curation.models import AuditEntry
from tests.curation.queue_data import gi_claim, submitted_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db
QUEUE = "curation:listing-queue"
GI_QUEUE = "curation:gi-queue"


@pytest.fixture
def curator_client(curator):
    browser = Client()
    browser.force_login(curator)
    return browser


def session_queries() -> int:
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0


def test_queue_lists_submitted_listings_oldest_first_with_thumbnails(curator_client):
    newer = submitted_listing(title="Newer Shawl", days_ago=1)
    older = submitted_listing(title="Older Carpet", days_ago=4)
    ListingFactory(title="Live Already")

    page = curator_client.get(reverse(QUEUE)).text

    assert page.index("Older Carpet") < page.index("Newer Shawl")
    assert "Live Already" not in page
    assert '<span class="badge badge-pending">2</span>' in page
    for listing in (older, newer):
        image = listing.images.get()
        assert f'src="{image.card_url}"' in page


def test_bulk_approve_of_three_puts_them_live_with_three_audit_entries(client, curator_client):
    listings = [submitted_listing(days_ago=n) for n in range(1, 4)]

    curator_client.post(reverse(QUEUE), {"ids": [x.pk for x in listings], "action": "approve"})

    assert set(Listing.objects.values_list("status", flat=True)) == {"live"}
    assert AuditEntry.objects.filter(action="listing.approve").count() == 3
    assert AuditEntry.objects.first().changes == {"status": ["submitted", "live"]}
    assert client.get(listings[0].get_absolute_url()).status_code == 200


def test_bulk_reject_without_a_reason_changes_nothing(curator_client):
    listings = [submitted_listing(days_ago=n) for n in range(1, 3)]

    response = curator_client.post(
        reverse(QUEUE), {"ids": [x.pk for x in listings], "action": "reject"}
    )

    assert response.status_code == 400
    assert "Please give a reason the seller can act on." in response.text
    assert set(Listing.objects.values_list("status", flat=True)) == {"submitted"}
    assert not AuditEntry.objects.exists()


def test_bulk_reject_with_a_reason(curator_client):
    listings = [submitted_listing(days_ago=n) for n in range(1, 4)]

    curator_client.post(
        reverse(QUEUE),
        {"ids": [x.pk for x in listings], "action": "reject", "reason": "Photos are blurred."},
    )

    assert set(Listing.objects.values_list("rejection_reason", flat=True)) == {
        "Photos are blurred."
    }
    assert AuditEntry.objects.filter(action="listing.reject").count() == 3


def test_item_page_shows_photos_fields_product_gi_and_other_listings(curator_client):
    listing = submitted_listing(title="Banarasi Saree", photos=2, description="Pure silk zari.")
    ListingFactory(seller=listing.seller, title="Silk Dupatta")
    listing.odop_product.is_gi_tagged = True
    listing.odop_product.save()
    Listing.objects.filter(pk=listing.pk).update(gi_authorised_user_number="AU/GI/777")

    page = curator_client.get(reverse("curation:listing", args=[listing.pk])).text

    assert page.count('class="listing-photo"') == 2
    assert "Pure silk zari." in page
    assert listing.odop_product.name in page
    assert "AU/GI/777" in page
    assert "not checked yet" in page
    assert "Silk Dupatta" in page
    for action in ("approve", "reject", "gi-verify", "gi-reject"):
        assert f'value="{action}"' in page


def test_approve_and_reject_from_the_item_page(curator_client, curator):
    first, second = submitted_listing(), submitted_listing()

    approved = curator_client.post(
        reverse("curation:listing", args=[first.pk]), {"action": "approve"}
    )
    blank = curator_client.post(
        reverse("curation:listing", args=[second.pk]), {"action": "reject", "reason": ""}
    )
    curator_client.post(
        reverse("curation:listing", args=[second.pk]),
        {"action": "reject", "reason": "Not an ODOP product of this district."},
    )

    assert approved["Location"] == reverse(QUEUE)
    assert blank.status_code == 400
    assert Listing.objects.get(pk=first.pk).status == "live"
    second.refresh_from_db()
    assert (second.status, second.rejection_reason) == (
        "rejected",
        "Not an ODOP product of this district.",
    )
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "listing.approve",
        "listing.reject",
    ]


def test_gi_queue_lists_unchecked_claims_only(curator_client):
    claim = gi_claim(number="AU/GI/00001", title="Claimed Brassware")
    ListingFactory(title="Verified Brassware", gi_verified=True)
    page = curator_client.get(reverse(GI_QUEUE)).text

    assert "Claimed Brassware" in page
    assert "AU/GI/00001" in page
    assert "Verified Brassware" not in page
    assert f'value="{claim.pk}"' in page


def test_gi_bulk_verify_shows_the_badge_and_writes_one_entry_each(curator_client):
    claims = [gi_claim(number=f"AU/GI/{n}") for n in range(3)]

    curator_client.post(reverse(GI_QUEUE), {"ids": [c.pk for c in claims], "action": "gi-verify"})

    for claim in claims:
        claim.refresh_from_db()
        assert claim.shows_gi_badge
    assert AuditEntry.objects.filter(action="listing.gi_verify").count() == 3


def test_gi_claim_refused_with_a_reason_clears_the_number(
    curator_client, django_capture_on_commit_callbacks, mailoutbox
):
    claim = gi_claim(number="AU/GI/BOGUS")
    url = reverse("curation:listing", args=[claim.pk])

    blank = curator_client.post(url, {"action": "gi-reject", "reason": ""})
    assert blank.status_code == 400
    assert Listing.objects.get(pk=claim.pk).gi_authorised_user_number == "AU/GI/BOGUS"

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            url, {"action": "gi-reject", "reason": "Not on the GI Registry's list."}
        )

    claim.refresh_from_db()
    assert (claim.gi_authorised_user_number, claim.gi_verified_at) == ("", None)
    entry = AuditEntry.objects.get()
    assert entry.action == "listing.gi_reject"
    assert entry.changes == {"gi_authorised_user_number": ["AU/GI/BOGUS", ""]}
    assert "Not on the GI Registry" in ListingStatusChange.objects.get(listing=claim).reason
    assert "AU/GI/BOGUS" not in curator_client.get(reverse(GI_QUEUE)).text
    (mail,) = mailoutbox
    assert mail.to == [claim.seller.user.email]
    assert "was not accepted" in mail.subject
    assert "Not on the GI Registry's list." in mail.body


def test_queue_queries_do_not_grow(curator_client, django_assert_num_queries):
    submitted_listing(photos=1)
    # + user, curator group, page count, listings, photos
    queries = session_queries() + 5
    with django_assert_num_queries(queries):
        curator_client.get(reverse(QUEUE))
    for n in range(4):
        submitted_listing(photos=2, days_ago=n + 2)
    with django_assert_num_queries(queries):
        curator_client.get(reverse(QUEUE))


def test_gi_queue_queries_do_not_grow(curator_client, django_assert_num_queries):
    gi_claim()
    queries = session_queries() + 4  # + user, curator group, page count, listings
    with django_assert_num_queries(queries):
        curator_client.get(reverse(GI_QUEUE))
    for n in range(4):
        gi_claim(number=f"AU/{n}")
    with django_assert_num_queries(queries):
        curator_client.get(reverse(GI_QUEUE))


def test_item_page_queries_do_not_grow(curator_client, django_assert_num_queries):
    listing = submitted_listing(photos=1)
    ListingFactory(seller=listing.seller, photos=1)
    url = reverse("curation:listing", args=[listing.pk])
    # + user, curator group, listing, photos, other listings, their photos, their count, history
    queries = session_queries() + 8
    with django_assert_num_queries(queries):
        curator_client.get(url)
    ListingFactory.create_batch(3, seller=listing.seller, photos=2)
    with django_assert_num_queries(queries):
        curator_client.get(url)


def test_bulk_goes_on_past_a_refused_item_and_audits_only_what_was_done(
    curator_client, monkeypatch
):
    listings = [submitted_listing(days_ago=n) for n in range(1, 4)]
    refused = listings[1]
    approve = seller_services.approve_listing

    def approve_unless_refused(*, listing, by):
        if listing.pk == refused.pk:  # as if another curator had just rejected it
            raise TransitionNotAllowed("Submitted for review", "Live")
        return approve(listing=listing, by=by)

    monkeypatch.setattr(seller_services, "approve_listing", approve_unless_refused)

    response = curator_client.post(
        reverse(QUEUE), {"ids": [x.pk for x in listings], "action": "approve"}, follow=True
    )

    assert Listing.objects.get(pk=refused.pk).status == "submitted"
    assert Listing.objects.filter(status="live").count() == 2
    assert AuditEntry.objects.count() == 2
    assert str(refused.pk) not in set(AuditEntry.objects.values_list("object_id", flat=True))
    assert "Done for 2 item(s)." in response.text
    assert "cannot move from" in response.text
