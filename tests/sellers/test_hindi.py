"""Seller pages are served in Hindi under /hi/, as the storefront is."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ListingFactory, SellerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "sellers:sell",
        "sellers:dashboard",
        "sellers:profile",
        "sellers:listing-create",
        "accounts:login",
        "accounts:signup",
    ],
)
def test_seller_pages_render_in_hindi(client, name):
    seller = SellerFactory()
    ListingFactory(seller=seller)
    if not name.startswith("accounts:"):  # a logged-in user is sent on from log-in and sign-up
        client.force_login(seller.user)
    with translation.override("hi"):
        url = reverse(name)

    response = client.get(url)

    assert url.startswith("/hi/")
    assert response.status_code == 200
    assert '<html lang="hi">' in response.text


def test_onboarding_errors_are_in_the_sellers_language(client):
    seller = SellerFactory(status="draft")
    client.force_login(seller.user)
    with translation.override("hi"):
        url = reverse("sellers:onboarding-step", kwargs={"step": "address"})
        expected = str(
            translation.gettext("Enter a PIN code of 6 digits that does not start with 0.")
        )

    response = client.post(url, {"address": "12 Road", "pin_code": "012345"})

    assert expected in response.text


@pytest.mark.parametrize(
    ("status", "action", "english"),
    [
        ("draft", "submit", "Sent to the curators for review."),
        ("live", "pause", "Paused: buyers no longer see this listing."),
        ("paused", "resume", "Live again."),
    ],
)
def test_listing_action_messages_are_in_the_sellers_language(client, status, action, english):
    seller = SellerFactory()
    listing = ListingFactory(seller=seller, status=status)
    client.force_login(seller.user)
    with translation.override("hi"):
        url = reverse("sellers:listing-action", kwargs={"pk": listing.pk, "action": action})
        expected = translation.gettext(english)
    assert expected != english

    response = client.post(url, follow=True)

    assert expected in response.text
