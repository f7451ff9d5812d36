"""Sign up, log in, log out and reset a forgotten password, all by e-mail address."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_login_with_email_any_case_and_logout(client):
    user = UserFactory(email="ravi@example.test")

    login = client.post(
        reverse("accounts:login"), {"username": "Ravi@Example.test", "password": PASSWORD}
    )
    logged_in = client.get(reverse("sellers:sell")).context["user"]
    logout = client.post(reverse("accounts:logout"))

    assert login.status_code == 302
    assert logged_in == user
    assert logout.status_code == 302
    assert not client.get(reverse("sellers:sell")).context["user"].is_authenticated


def test_wrong_password_is_refused(client):
    UserFactory(email="ravi@example.test")

    response = client.post(
        reverse("accounts:login"), {"username": "ravi@example.test", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password." in response.text


def test_login_does_not_redirect_offsite(client):
    UserFactory(email="ravi@example.test")

    response = client.post(
        reverse("accounts:login"),
        {"username": "ravi@example.test", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.url == reverse("districts:home")


def test_password_reset_by_email(client, mailoutbox):
    user = UserFactory(email="ravi@example.test")

    client.post(reverse("accounts:password-reset"), {"email": "ravi@example.test"})
    (mail,) = mailoutbox
    link = re.search(r"https?://[^/]+(/\S+)", mail.body).group(1)
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "zardozi work 2026", "new_password2": "zardozi work 2026"},
    )

    assert mail.subject == "ODOP Bazaar: choose a new password"
    assert mail.to == ["ravi@example.test"]
    assert done.url == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password("zardozi work 2026")
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(
        reverse("accounts:password-reset"), {"email": "nobody@example.test"}, follow=True
    )

    assert "If an account uses that address" in response.text
    assert mailoutbox == []


def test_login_url_setting_points_at_our_page(settings):
    assert reverse(settings.LOGIN_URL) == "/accounts/login/"


def test_login_is_refused_after_five_failures_for_one_address(client):
    UserFactory(email="ravi@example.test")
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": "ravi@example.test", "password": "wrong"}
        )

    response = client.post(
        reverse("accounts:login"), {"username": "ravi@example.test", "password": PASSWORD}
    )

    assert "Too many failed log-ins." in response.text
    assert not response.context["user"].is_authenticated


def test_password_reset_requests_are_braked_per_ip(client, mailoutbox):
    UserFactory(email="ravi@example.test")
    for _ in range(10):
        client.post(reverse("accounts:password-reset"), {"email": "ravi@example.test"})

    response = client.post(reverse("accounts:password-reset"), {"email": "ravi@example.test"})

    assert "Too many reset requests." in response.text
    assert len(mailoutbox) == 10


def test_signups_are_braked_per_ip(client):
    for n in range(20):
        client.post(reverse("accounts:signup"), {"email": f"x{n}@example.test"})  # invalid: counted

    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "late@example.test",
            "full_name": "Late",
            "preferred_language": "en",
            "password1": "chikan kari 1984",
            "password2": "chikan kari 1984",
        },
    )

    assert "Too many sign-ups from your network." in response.text
    assert not User.objects.filter(email="late@example.test").exists()
