"""Every API endpoint answers a malformed body with a 400 (or 413) in the one error shape."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import ListingFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

DEEP = "[" * 1000 + "]" * 1000  # 2 KB that recursed the parser to a 500
KEY = {"Idempotency-Key": "hardening-test-key"}
BAD_BODIES = {
    "deeply nested": DEEP,
    "deeply nested object": '{"a":' * 1000 + "1" + "}" * 1000,
    "array": "[1, 2]",
    "string": '"stock"',
    "number": "12",
    "truncated": '{"stock": ',
    "NaN": '{"stock": NaN}',
    "not UTF-8": b'{"title": "\xff\xfe"}',
}


@pytest.fixture
def endpoints(client):
    seller = SellerFactory()
    listing = ListingFactory(seller=seller)
    client.force_login(seller.user)
    return [
        ("put", reverse("api:cart")),
        ("post", reverse("api:order-list")),
        ("patch", reverse("api:seller-listing-detail", kwargs={"pk": listing.pk})),
        ("post", reverse("api:seller-listing-list")),
    ]


@pytest.mark.parametrize("name", BAD_BODIES)
def test_bad_json_bodies_get_400_with_the_error_shape(client, endpoints, name):
    for method, url in endpoints:
        response = getattr(client, method)(
            url, BAD_BODIES[name], content_type="application/json", headers=KEY
        )
        assert response.status_code == 400, (name, method, url, response.content[:200])
        error = response.json()["error"]
        assert error["code"] == "parse_error"
        assert error["message"]


def test_a_patch_with_an_array_body_changes_nothing(client, endpoints):
    method, url = endpoints[2]
    before = client.get(url).json()
    assert client.patch(url, "[]", content_type="application/json").status_code == 400
    assert client.get(url).json() == before


@override_settings(API_MAX_BODY_BYTES=1024)
def test_bodies_over_the_limit_get_413(client, endpoints):
    big = '{"title": "' + "x" * 2000 + '"}'
    for method, url in endpoints:
        response = getattr(client, method)(url, big, content_type="application/json", headers=KEY)
        assert response.status_code == 413, (method, url)
        assert response.json()["error"]["code"] == "body_too_large"


def test_a_good_body_still_works(client):
    client.force_login(UserFactory())
    listing = ListingFactory(stock=5)
    body = {"listing": listing.pk, "quantity": 2}
    response = client.put(reverse("api:cart"), body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["count"] == 2
