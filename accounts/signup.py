"""Sign-up that does not tell whether an address has an account.

Every valid sign-up gets the same answer ("check your e-mail"); the mailbox owner learns the
rest: a new address gets a link that activates the account and logs in, an address with an
account gets a note with log-in and reset links. Nobody is logged in by the form itself.
"""

import uuid

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from outbox import services as outbox

from .models import User


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """A link that works until the account is active (or its password changes), for a day."""

    key_salt = "accounts.signup.ActivationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


activation_tokens = ActivationTokenGenerator()


def sign_up(*, email: str, password: str, full_name: str, language: str, next_url: str) -> None:
    """Create an inactive account and mail its activation link, or mail the holder of an
    existing account. Same work, same answer, either way."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    full_name=full_name,
                    preferred_language=language,
                    is_active=False,
                )
        except IntegrityError:  # the same address signed up a moment ago
            user = User.objects.get(email__iexact=email)
        else:
            _mail_activation(user, next_url)
            return
    if not user.is_active and user.last_login is None:
        # Never activated: nobody proved the address yet, so the newest sign-up replaces it
        # (and its new password makes earlier activation links useless).
        user.set_password(password)
        user.full_name, user.preferred_language = full_name, language
        user.save(update_fields=["password", "full_name", "preferred_language"])
        _mail_activation(user, next_url)
        return
    make_password(password)  # as costly as creating an account, so timing tells nothing
    _queue(user, ACCOUNT_EXISTS_KIND, next_url)


def _link(path: str, next_url: str) -> str:
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return f"{settings.SITE_URL.rstrip('/')}{path}{query}"


ACTIVATE_KIND = "accounts.activate"
ACCOUNT_EXISTS_KIND = "accounts.account_exists"


def _mail_activation(user: User, next_url: str) -> None:
    _queue(user, ACTIVATE_KIND, next_url)


def _queue(user: User, kind: str, next_url: str) -> None:
    """Through the outbox: retried if the mail server is down. Each sign-up is a new message."""
    outbox.enqueue(
        key=f"{kind}:{user.pk}:{uuid.uuid4().hex}",
        kind=kind,
        object_id=user.pk,
        params={"next": next_url},
    )


def render_activation(user_id: str, params: dict) -> EmailMessage | None:
    """Rendered when sent: the link's token is made then, valid for a day from then."""
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return None  # activated meanwhile (an earlier link), or gone
    path = reverse(
        "accounts:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_tokens.make_token(user),
        },
    )
    return _message(user, "activate", {"activate_url": _link(path, params.get("next", ""))})


def render_account_exists(user_id: str, params: dict) -> EmailMessage | None:
    user = User.objects.filter(pk=user_id).first()
    return _message(user, "account_exists", {"next_url": params.get("next", "")}) if user else None


def _message(user: User, template: str, context: dict) -> EmailMessage:
    with translation.override(user.preferred_language or "en"):
        context = {
            **context,
            "user": user,
            "login_url": _link(reverse("accounts:login"), context.get("next_url", "")),
            "reset_url": _link(reverse("accounts:password-reset"), ""),
        }
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}_body.txt", context)
    return EmailMessage(subject, body, None, [user.email])
