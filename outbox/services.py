"""The outbox: enqueue inside the event's transaction; deliver at most once per claim; retry
with backoff for OUTBOX_RETRY_HOURS (the task schedules its own retry; beat, every minute,
hands out anything due that a dead worker or a lost message left behind)."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from odop_bazaar.errors import DomainError

from .models import Email

logger = logging.getLogger(__name__)
S = Email.Status


@dataclass(frozen=True)
class Renderer:
    render: Callable[[str, dict[str, Any]], EmailMessage | None]  # None: nothing to send now
    on_sent: Callable[[str], None] | None = None  # e.g. mark the domain row notified


RENDERERS: dict[str, Renderer] = {}


def register(
    kind: str,
    render: Callable[[str, dict[str, Any]], EmailMessage | None],
    on_sent: Callable[[str], None] | None = None,
) -> None:
    """Apps register their renderers in AppConfig.ready()."""
    RENDERERS[kind] = Renderer(render, on_sent)


@dataclass(frozen=True)
class Message:
    key: str
    kind: str
    object_id: Any
    params: dict[str, Any] | None = None


def enqueue(*, key: str, kind: str, object_id: Any, params: dict | None = None) -> bool:
    """One e-mail, once per key (a repeat is a no-op); sent by a task after the caller's
    transaction commits. Returns whether it was new."""
    email, created = Email.objects.get_or_create(
        key=key, defaults={"kind": kind, "object_id": str(object_id), "params": params or {}}
    )
    if created:
        _send_after_commit([email.pk])
    return created


def enqueue_many(messages: Iterable[Message]) -> int:
    """Several new e-mails in one INSERT. The keys must be new: callers pass the messages of
    rows they have just created under their own unique keys."""
    created = Email.objects.bulk_create(
        [
            Email(key=m.key, kind=m.kind, object_id=str(m.object_id), params=m.params or {})
            for m in messages
        ]
    )
    _send_after_commit([email.pk for email in created])
    return len(created)


def _send_after_commit(ids: list[int]) -> None:
    from .tasks import deliver_email  # tasks import this module

    for email_id in ids:
        deliver_email.delay_on_commit(email_id)


def backoff(attempts: int) -> timedelta:
    """15 s, 30 s, 1 min, 2 min ... after each failure, at most an hour apart."""
    return timedelta(seconds=min(15 * 2 ** max(attempts - 1, 0), 3600))


def _due() -> Q:
    now = timezone.now()
    return Q(status=S.PENDING, next_attempt_at__lte=now) | Q(status=S.SENDING, lease_until__lt=now)


def deliver(email_id: int) -> str:
    """Claim the row, render, send, mark sent. Returns what happened (for logs and tests).

    The claim is a conditional UPDATE, so two workers never send one row at once; a worker that
    dies holding it loses the claim when the lease ends, and beat hands the row out again.
    """
    now = timezone.now()
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    claimed = Email.objects.filter(_due(), pk=email_id).update(
        status=S.SENDING, lease_until=now + lease, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not due"
    email = Email.objects.get(pk=email_id)
    renderer = RENDERERS[email.kind]
    try:
        message = renderer.render(email.object_id, email.params)
        if message is None:
            Email.objects.filter(pk=email_id, status=S.SENDING).update(
                status=S.CANCELLED, lease_until=None
            )
            return "cancelled"
        message.send()
    except Exception as error:  # anything: the row says why, and is tried again later
        return _failed(email, error)
    Email.objects.filter(pk=email_id, status=S.SENDING).update(
        status=S.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        last_error="",
        to=", ".join(message.to)[:254],
        subject=str(message.subject)[:255],
    )
    if renderer.on_sent is not None:
        renderer.on_sent(email.object_id)
    return "sent"


def _failed(email: Email, error: Exception) -> str:
    now = timezone.now()
    give_up_at = email.retry_from + timedelta(hours=settings.OUTBOX_RETRY_HOURS)
    next_attempt = now + backoff(email.attempts)
    status = S.FAILED if next_attempt > give_up_at else S.PENDING
    Email.objects.filter(pk=email.pk, status=S.SENDING).update(
        status=status,
        next_attempt_at=next_attempt,
        lease_until=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    log = logger.error if status == S.FAILED else logger.warning
    log("e-mail %s not sent (attempt %d): %s", email.key, email.attempts, error)
    return "failed for good" if status == S.FAILED else "will retry"


def next_attempt_at(email_id: int):
    return (
        Email.objects.filter(pk=email_id, status=S.PENDING)
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def due_email_ids(limit: int = 500) -> list[int]:
    return list(
        Email.objects.filter(_due())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


class NotFailed(DomainError):
    code = "email_not_failed"


def retry(email: Email) -> Email:
    """A curator sends a failed e-mail again (after fixing the address or the mail server);
    it gets OUTBOX_RETRY_HOURS of retries again. Caller holds the transaction."""
    updated = Email.objects.filter(pk=email.pk, status=S.FAILED).update(
        status=S.PENDING, next_attempt_at=timezone.now(), retry_from=timezone.now()
    )
    if not updated:
        raise NotFailed(_("This e-mail has not failed: it is sent, or still being tried."))
    _send_after_commit([email.pk])
    email.refresh_from_db()
    return email
