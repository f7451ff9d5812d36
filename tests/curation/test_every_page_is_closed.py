"""Every URL of the workspace, GET and POST, refuses everybody but curators, before it looks at
anything else (so a guessed id tells nothing either)."""

import pytest
from django.urls import URLPattern, reverse

from curation import urls as curation_urls
from curation.models import AuditEntry

pytestmark = pytest.mark.django_db
SAMPLE = {"int": 1, "slug": "kannauj", "str": "x", "path": "x"}


def every_url() -> list[str]:
    found = []
    for pattern in curation_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        converters = pattern.pattern.converters
        kwargs = {
            name: SAMPLE[type(converter).__name__.removesuffix("Converter").lower()]
            for name, converter in converters.items()
        }
        found.append(reverse(f"curation:{pattern.name}", kwargs=kwargs or None))
    return found


def test_the_workspace_has_the_pages_the_issue_asks_for():
    names = {pattern.name for pattern in curation_urls.urlpatterns}
    assert {
        "home",
        "audit-log",
        "dashboard",
        "seller-queue",
        "listing-queue",
        "gi-queue",
        "dispute-queue",
        "grievance-queue",
        "order-search",
        "names-districts",
        "odop-product-list",
        "odop-import",
        "district-stories",
        "refund-queue",
        "email-queue",
    } <= names


@pytest.mark.parametrize("url", every_url())
def test_outsiders_get_403_and_anonymous_visitors_the_login_page(client, outsiders, url):
    for method in ("get", "post"):
        assert getattr(client, method)(url).status_code == 302, (method, url)
    for user in outsiders:
        client.force_login(user)
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code == 403, (method, url, user)
    for method in ("get", "post"):
        assert getattr(client, method)(f"/hi{url}").status_code == 403
    assert not AuditEntry.objects.exists()
