"""Seller pages run a fixed number of queries, however many listings or photos there are."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ListingFactory, SellerFactory
from tests.sellers.factories import SellerDocumentFactory

pytestmark = pytest.mark.django_db


def session_queries() -> int:
    """1 with database sessions (SQLite mode); 0 with cached_db sessions on Redis."""
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0


# + user, seller (with district and state), low-stock count, page count, listings, photos
DASHBOARD_QUERIES = 6
# + user, seller, listing, GST rates, categories, ODOP products, photos
LISTING_EDIT_QUERIES = 7
# + user, seller, product ids, document count, products, documents, history
PROFILE_QUERIES = 7


@pytest.fixture
def seller(client):
    seller = SellerFactory()
    client.force_login(seller.user)
    return seller


def test_dashboard_queries_do_not_grow_with_listings(client, seller, django_assert_num_queries):
    ListingFactory.create_batch(2, seller=seller, photos=1)
    with django_assert_num_queries(session_queries() + DASHBOARD_QUERIES):
        small = client.get(reverse("sellers:dashboard"))

    ListingFactory.create_batch(20, seller=seller, photos=2)
    with django_assert_num_queries(session_queries() + DASHBOARD_QUERIES):
        large = client.get(reverse("sellers:dashboard"))

    assert small.text.count('class="thumb"') == 2
    assert large.text.count('class="thumb"') == 22


def test_listing_edit_queries_do_not_grow_with_photos(client, seller, django_assert_num_queries):
    listing = ListingFactory(seller=seller, photos=1)
    url = reverse("sellers:listing-edit", kwargs={"pk": listing.pk})
    with django_assert_num_queries(session_queries() + LISTING_EDIT_QUERIES):
        client.get(url)

    ListingFactory.create_batch(5, seller=seller)
    for position in range(1, 8):
        listing.images.create(
            image=listing.images.first().image.name, position=position, width=40, height=30
        )
    with django_assert_num_queries(session_queries() + LISTING_EDIT_QUERIES):
        response = client.get(url)

    assert response.text.count("Remove</button>") == 8


def test_profile_queries_do_not_grow_with_documents_and_history(client, django_assert_num_queries):
    seller = SellerFactory(status="draft")
    client.force_login(seller.user)
    SellerDocumentFactory(seller=seller)
    with django_assert_num_queries(session_queries() + PROFILE_QUERIES):
        client.get(reverse("sellers:profile"))

    SellerDocumentFactory.create_batch(4, seller=seller)
    with django_assert_num_queries(session_queries() + PROFILE_QUERIES):
        client.get(reverse("sellers:profile"))


def test_dashboard_pages_listings_by_fifty(client, seller):
    ListingFactory.create_batch(51, seller=seller, stock=2, indexed=False)

    first = client.get(reverse("sellers:dashboard"))
    second = client.get(reverse("sellers:dashboard"), {"page": 2})

    assert first.text.count("<tr>") == 51  # header row + 50
    assert second.text.count("<tr>") == 2
    assert "51 listings are running low on stock." in second.text
