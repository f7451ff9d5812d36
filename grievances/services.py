"""Writes for grievances: filing, follow-ups and the grievance officer's steps, each one
transaction; the e-mails go out after commit, once each."""

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from odop_bazaar.context_processors import grievance_officer
from orders.models import Order, Shipment
from outbox import services as outbox

from .errors import GrievanceStepNotAllowed
from .models import (
    ACKNOWLEDGE_WITHIN,
    Grievance,
    GrievanceMessage,
    GrievanceNotification,
    one_month_after,
)

logger = logging.getLogger(__name__)

G = Grievance.Status
Event = GrievanceNotification.Event


def deadlines(filed_at: datetime) -> tuple[datetime, datetime]:
    """(acknowledge by, resolve by): 48 hours and one calendar month after receipt."""
    return filed_at + ACKNOWLEDGE_WITHIN, one_month_after(filed_at)


@transaction.atomic
def file_grievance(
    *,
    filed_by: User,
    role: str,
    subject: str,
    description: str,
    order: Order | None = None,
    shipment: Shipment | None = None,
    now: datetime | None = None,
) -> Grievance:
    """Record a complaint with its deadlines and reference; the grievance officer and the filer
    are e-mailed after commit. The caller has checked that the order is the filer's own."""
    filed_at = now or timezone.now()
    acknowledge_by, resolve_by = deadlines(filed_at)
    if shipment is not None and order is None:
        order = shipment.order
    grievance = Grievance.objects.create(
        # A placeholder unique to this insert, replaced by the reference derived from the id.
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        filed_by=filed_by,
        role=role,
        order=order,
        shipment=shipment,
        subject=subject,
        description=description.strip(),
        filed_at=filed_at,
        acknowledge_by=acknowledge_by,
        resolve_by=resolve_by,
    )
    grievance.reference = f"GRV-{timezone.localtime(filed_at).year}-{grievance.pk:06d}"
    Grievance.objects.filter(pk=grievance.pk).update(reference=grievance.reference)
    officer = settings.GRIEVANCE_OFFICER
    _queue(grievance=grievance, event=Event.FILED, to_email=officer["email"])
    _queue(grievance=grievance, event=Event.RECEIVED, recipient=filed_by)
    return grievance


@transaction.atomic
def add_follow_up(*, grievance: Grievance, author: User, body: str) -> GrievanceMessage:
    """The filer adds to a grievance still being handled; the grievance officer is told."""
    locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
    if locked.filed_by_id != author.pk:
        raise GrievanceStepNotAllowed(_("Only the person who filed it can add to a grievance."))
    if not locked.is_pending:
        raise GrievanceStepNotAllowed(
            _("This grievance is %(status)s; file a new one if something is still wrong.")
            % {"status": locked.get_status_display().lower()}
        )
    message = GrievanceMessage.objects.create(grievance=locked, author=author, body=body.strip())
    _queue(
        grievance=locked,
        event=Event.FOLLOW_UP,
        to_email=settings.GRIEVANCE_OFFICER["email"],
        key_suffix=str(message.pk),
    )
    return message


def _step(*, grievance: Grievance, allowed_from: set[str], to: str) -> Grievance:
    """Lock the row and check the step; a second curator doing it at once gets the error."""
    locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
    if locked.status not in allowed_from:
        raise GrievanceStepNotAllowed(
            _("A grievance that is %(current)s cannot become %(to)s.")
            % {"current": locked.get_status_display().lower(), "to": G(to).label.lower()}
        )
    return locked


@transaction.atomic
def acknowledge(*, grievance: Grievance, by: User, now: datetime | None = None) -> Grievance:
    """The grievance officer confirms receipt (due within 48 hours); the filer is e-mailed."""
    locked = _step(grievance=grievance, allowed_from={G.OPEN}, to=G.ACKNOWLEDGED)
    locked.status = G.ACKNOWLEDGED
    locked.acknowledged_at = now or timezone.now()
    locked.handled_by = by
    locked.save(update_fields=["status", "acknowledged_at", "handled_by"])
    _queue(grievance=locked, event=Event.ACKNOWLEDGED, recipient=locked.filed_by)
    return locked


@transaction.atomic
def resolve(
    *, grievance: Grievance, by: User, resolution: str, now: datetime | None = None
) -> Grievance:
    """Redress it with a resolution the filer reads (due within a month); resolving an
    unacknowledged grievance acknowledges it at the same moment."""
    if not resolution.strip():
        raise GrievanceStepNotAllowed(_("Say how the grievance was resolved."))
    locked = _step(grievance=grievance, allowed_from={G.OPEN, G.ACKNOWLEDGED}, to=G.RESOLVED)
    now = now or timezone.now()
    locked.status = G.RESOLVED
    locked.acknowledged_at = locked.acknowledged_at or now
    locked.resolved_at = now
    locked.resolution = resolution.strip()
    locked.handled_by = by
    locked.save(
        update_fields=["status", "acknowledged_at", "resolved_at", "resolution", "handled_by"]
    )
    _queue(grievance=locked, event=Event.RESOLVED, recipient=locked.filed_by)
    return locked


@transaction.atomic
def close(*, grievance: Grievance, by: User, reason: str, now: datetime | None = None) -> Grievance:
    """Close without redress (a duplicate, not a grievance); the reason is shown to the filer."""
    if not reason.strip():
        raise GrievanceStepNotAllowed(_("Give the reason for closing the grievance."))
    locked = _step(grievance=grievance, allowed_from={G.OPEN, G.ACKNOWLEDGED}, to=G.CLOSED)
    locked.status = G.CLOSED
    locked.closed_at = now or timezone.now()
    locked.resolution = reason.strip()
    locked.handled_by = by
    locked.save(update_fields=["status", "closed_at", "resolution", "handled_by"])
    _queue(grievance=locked, event=Event.CLOSED, recipient=locked.filed_by)
    return locked


# --- E-mails --------------------------------------------------------------------------------


def _queue(
    *,
    grievance: Grievance,
    event: str,
    recipient: User | None = None,
    to_email: str = "",
    key_suffix: str = "",
) -> None:
    """One row per event and address, sent by a task after commit."""
    key = f"grievance-{event}:{grievance.pk}" + (f":{key_suffix}" if key_suffix else "")
    notification, created = GrievanceNotification.objects.get_or_create(
        key=key,
        defaults={
            "grievance": grievance,
            "event": event,
            "recipient": recipient,
            "to_email": recipient.email if recipient else to_email,
        },
    )
    if created:
        outbox.enqueue(key=key, kind=OUTBOX_KIND, object_id=notification.pk)


OUTBOX_KIND = "grievances.notification"


def render_notification(notification_id: str, params: dict) -> EmailMessage | None:
    """The outbox's renderer for grievance e-mails (None if the row is gone)."""
    notification = (
        GrievanceNotification.objects.select_related(
            "recipient", "grievance__filed_by", "grievance__order"
        )
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return None
    grievance = notification.grievance
    recipient = notification.recipient
    language = (recipient.preferred_language if recipient else "") or settings.LANGUAGE_CODE
    site = settings.SITE_URL.rstrip("/")
    with translation.override(language):
        context = {
            "notification": notification,
            "event": notification.event,
            "grievance": grievance,
            "to_officer": recipient is None,
            "officer": grievance_officer(),
            "latest_message": grievance.messages.order_by("-pk").first()
            if notification.event == Event.FOLLOW_UP
            else None,
            "url": site + reverse("grievances:detail", kwargs={"pk": grievance.pk}),
            "curator_url": site + reverse("curation:grievance", kwargs={"pk": grievance.pk}),
        }
        subject = render_to_string("grievances/email/subject.txt", context).strip()
        body = render_to_string("grievances/email/body.txt", context)
    return EmailMessage(subject, body, None, [notification.to_email])


def mark_sent(notification_id: str) -> None:
    GrievanceNotification.objects.filter(pk=notification_id).update(sent_at=timezone.now())
