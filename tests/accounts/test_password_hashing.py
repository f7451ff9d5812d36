"""Passwords are Argon2id, cheap enough for a sale-day log-in; older hashes upgrade on log-in."""

import pytest
from django.conf import settings as project_settings
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PRODUCTION_HASHERS = [
    "accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def test_the_project_hashes_with_tuned_argon2_first():
    # tests/conftest.py swaps in MD5 for speed; the settings module itself says Argon2.
    from odop_bazaar import settings as module

    assert module.PASSWORD_HASHERS == PRODUCTION_HASHERS
    assert project_settings.AUTH_PASSWORD_VALIDATORS  # the four standard validators


def test_a_pbkdf2_password_is_upgraded_to_argon2_at_log_in(client, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory(email="old@example.test")
    user.password = make_password("chikan kari 1984", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(
        reverse("accounts:login"),
        {"username": "old@example.test", "password": "chikan kari 1984"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_argon2_hashes_with_django_defaults_are_retuned_at_log_in(client, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory(email="heavy@example.test")
    django_default = Argon2PasswordHasher()  # 100 MiB, 8 lanes
    user.password = django_default.encode("chikan kari 1984", django_default.salt())
    assert "m=102400,t=2,p=8" in user.password
    user.save(update_fields=["password"])

    client.post(
        reverse("accounts:login"),
        {"username": "heavy@example.test", "password": "chikan kari 1984"},
    )

    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
