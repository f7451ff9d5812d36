"""Sign-up answers the same whether or not the address has an account; the mailbox decides."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
capture_on_commit = TestCase.captureOnCommitCallbacks
FORM = {
    "email": "Meera@Example.TEST",
    "full_name": "Meera Devi",
    "preferred_language": "hi",
    "password1": "chikan kari 1984",
    "password2": "chikan kari 1984",
}


def sign_up(client, **overrides):
    """Post the form and let the outbox send, as the worker does after the commit."""
    with CaptureQueriesContext(connection), capture_on_commit(execute=True):
        return client.post(reverse("accounts:signup"), {**FORM, **overrides})


def link_in(message) -> str:
    return re.search(r"http://\S+", message.body).group(0).replace("http://127.0.0.1:8000", "")


def test_a_new_address_gets_an_activation_link_that_logs_in_and_goes_on(client, mailoutbox):
    response = sign_up(client, next=reverse("sellers:onboarding"))

    assert response.url == reverse("accounts:signup-sent")
    user = User.objects.get()
    assert (user.email, user.full_name, user.preferred_language) == (
        "meera@example.test",
        "Meera Devi",
        "hi",
    )
    assert not user.is_active
    assert client.get(reverse("sellers:sell")).context["user"].is_anonymous
    [message] = mailoutbox
    assert message.to == ["meera@example.test"]
    assert "सक्रिय" in message.subject  # her language: "Activate" in Hindi
    link = link_in(message)

    page = client.get(link)  # a mail scanner opening the link activates nothing
    assert page.status_code == 200
    assert not User.objects.get().is_active

    activated = client.post(link, {"next": reverse("sellers:onboarding")})
    assert activated.url == reverse("sellers:onboarding")
    assert User.objects.get().is_active
    assert client.get(reverse("sellers:sell")).context["user"] == user
    client.logout()
    assert client.post(link).status_code == 400  # used once, dead after


def test_a_taken_address_gets_the_same_answer_and_its_owner_an_e_mail(client, mailoutbox):
    owner = UserFactory(email="meera@example.test", full_name="Meera Devi")
    new = sign_up(client, email="someone.new@example.test")
    mailoutbox.clear()
    client.session.flush()

    taken = sign_up(client)

    assert taken.status_code == new.status_code == 302
    assert taken.url == new.url == reverse("accounts:signup-sent")
    assert client.get(taken.url).text.count("meera@example.test") == 1  # the same page
    [message] = mailoutbox
    assert message.to == [owner.email]
    assert "already has one" in message.body
    assert reverse("accounts:password-reset") in message.body
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the sign-up changed nothing
    assert owner.full_name == "Meera Devi"


def test_a_never_activated_sign_up_is_replaced_by_the_newest(client, mailoutbox):
    sign_up(client, password1="first pass 1984", password2="first pass 1984")
    first_link = link_in(mailoutbox[0])
    sign_up(client)
    second_link = link_in(mailoutbox[1])

    assert client.post(first_link).status_code == 400
    assert client.post(second_link).status_code == 302
    user = User.objects.get()
    assert user.check_password("chikan kari 1984")


def test_form_errors_still_show_and_keep_next(client):
    response = sign_up(
        client,
        password1="12345678",
        password2="12345678",
        next=reverse("orders:checkout"),
    )

    assert "This password is entirely numeric." in response.text
    assert 'value="Meera Devi"' in response.text
    assert f'name="next" value="{reverse("orders:checkout")}"' in response.text
    assert User.objects.count() == 0


def test_an_offsite_next_is_dropped_from_the_link(client, mailoutbox):
    sign_up(client, next="https://evil.example/")

    assert "evil" not in mailoutbox[0].body
    assert client.post(link_in(mailoutbox[0]), {"next": "https://evil.example/"}).url == "/"


def test_a_forged_or_malformed_activation_link_is_refused(client):
    user = UserFactory(is_active=False)
    assert client.post(f"/accounts/activate/{user.pk}/nonsense/").status_code == 400
    assert client.get("/accounts/activate/%FF%FF/x-y/").status_code == 400
    user.refresh_from_db()
    assert not user.is_active
