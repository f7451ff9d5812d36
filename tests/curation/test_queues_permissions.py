"""Every queue page and action: 403 for a buyer, a seller and staff outside Curators; the login
page for anonymous visitors; nothing changes on a refused POST."""

import pytest
from django.conf import settings
from django.urls import reverse

from curation.models import AuditEntry
from sellers import services as seller_services
from tests.curation.queue_data import (
    disputed_return,
    gi_claim,
    submitted_listing,
    submitted_seller,
)
from tests.factories import SellerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(db):
    seller = submitted_seller()
    verified = SellerFactory()
    change = seller_services.request_change(
        seller=verified,
        kind="bank",
        values={"bank_account_number": "99887766", "ifsc": "HDFC0000001"},
    )
    listing = submitted_listing()
    claim = gi_claim()
    rr = disputed_return()
    return {
        reverse("curation:seller-queue"): {"ids": [seller.pk], "action": "verify"},
        reverse("curation:seller-search"): None,
        reverse("curation:seller", args=[seller.pk]): {"action": "verify"},
        reverse("curation:seller", args=[verified.pk]): {"action": "suspend", "reason": "x"},
        reverse("curation:change-queue"): None,
        reverse("curation:change-request", args=[change.pk]): {"action": "apply"},
        reverse("curation:listing-queue"): {"ids": [listing.pk], "action": "approve"},
        reverse("curation:listing", args=[listing.pk]): {"action": "approve"},
        reverse("curation:gi-queue"): {"ids": [claim.pk], "action": "gi-verify"},
        reverse("curation:listing", args=[claim.pk]): {"action": "gi-verify"},
        reverse("curation:dispute-queue"): None,
        reverse("curation:return", args=[rr.pk]): {"action": "overrule", "reason": "x"},
    }


def test_outsiders_get_403_on_every_page_and_action(client, pages, outsiders):
    for user in outsiders:
        client.force_login(user)
        for url, data in pages.items():
            assert client.get(url).status_code == 403, (user, url)
            assert client.post(url, data or {}).status_code == 403, (user, url)
    assert not AuditEntry.objects.exists()


def test_anonymous_visitors_go_to_the_login_page(client, pages):
    for url, data in pages.items():
        for response in (client.get(url), client.post(url, data or {})):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert not AuditEntry.objects.exists()


def test_curators_see_every_page(curator_client, pages):
    for url in pages:
        assert curator_client.get(url).status_code == 200, url


def test_pages_render_in_hindi(curator_client, pages):
    for url in pages:
        response = curator_client.get("/hi" + url)
        assert response.status_code == 200, url


def test_home_counts_every_queue(curator_client, pages):
    page = curator_client.get(reverse("curation:home")).text
    for title in (
        "Sellers to verify",
        "Seller change requests",
        "Listings to moderate",
        "GI authorised-user claims",
        "Returns in dispute",
    ):
        assert f'{title}</a> <span class="badge badge-pending">1</span>' in page
