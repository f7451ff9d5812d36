"""Curators send a failed e-mail again, once the address or the mail server is fixed."""

from django.db import transaction

from accounts.models import User
from outbox import services as outbox
from outbox.models import Email

from .. import audit


def retry_email(*, email: Email, by: User) -> Email:
    with transaction.atomic():
        before = audit.snapshot(email, ["status", "attempts", "last_error"])
        email = outbox.retry(email)
        audit.record(
            actor=by,
            action="email.retry",
            obj=email,
            changes=audit.diff(before, audit.snapshot(email, ["status", "attempts", "last_error"])),
        )
    return email
