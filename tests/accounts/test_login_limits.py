"""Every log-in form is braked per account and per client; the client is read only from a
trusted proxy's header."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.throttle import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ADMIN_LOGIN = "/admin/login/"
MESSAGE = "Too many failed log-ins."


@pytest.fixture
def curator_account(curator):
    return curator.email


def test_admin_login_refuses_the_right_password_after_repeated_failures(client, curator_account):
    for _ in range(25):
        client.post(ADMIN_LOGIN, {"username": curator_account, "password": "wrong"})

    response = client.post(ADMIN_LOGIN, {"username": curator_account, "password": PASSWORD})

    assert response.status_code == 200
    assert MESSAGE in response.text
    assert "_auth_user_id" not in client.session


def test_admin_and_site_logins_share_one_count(client, curator_account):
    for _ in range(3):
        client.post(ADMIN_LOGIN, {"username": curator_account, "password": "wrong"})
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": curator_account, "password": "x"})

    response = client.post(
        reverse("accounts:login"), {"username": curator_account, "password": PASSWORD}
    )

    assert MESSAGE in response.text


def test_admin_login_still_works_below_the_limit(client, curator_account):
    client.post(ADMIN_LOGIN, {"username": curator_account, "password": "wrong"})
    response = client.post(ADMIN_LOGIN, {"username": curator_account.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_one_client_is_braked_across_many_accounts(client):
    for n in range(20):
        client.post(ADMIN_LOGIN, {"username": f"guess{n}@example.test", "password": "x"})
    UserFactory(email="ravi@example.test", is_staff=True)

    response = client.post(ADMIN_LOGIN, {"username": "ravi@example.test", "password": PASSWORD})

    assert MESSAGE in response.text


def _request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_behind_one_proxy_the_client_is_the_last_forwarded_entry(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "1.2.3.4"; our balancer appended the real address.
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_client_is_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.3", "1.2.3.4, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"


def test_a_request_that_skipped_the_proxy_is_keyed_on_its_own_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("203.0.113.9")) == "203.0.113.9"


def test_behind_a_balancer_one_clients_failures_do_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="ravi@example.test")
    for n in range(20):
        client.post(
            reverse("accounts:login"),
            {"username": f"guess{n}@example.test", "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )

    other_client = client.post(
        reverse("accounts:login"),
        {"username": "ravi@example.test", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )

    assert other_client.status_code == 302
