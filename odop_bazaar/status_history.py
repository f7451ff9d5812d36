"""Status histories (a seller's verification, a listing's moderation) and the e-mail of a step.

Shared by sellers and catalog, so neither app imports the other for it.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from outbox import services as outbox


class StatusChange(models.Model):
    """One step of a status history: who moved it, when, and why."""

    from_status = models.CharField(_("from"), max_length=10)
    to_status = models.CharField(_("to"), max_length=10)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    # When the outbox sent the seller this step's e-mail.
    notified_at = models.DateTimeField(_("seller notified at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


def queue_seller_email(change: StatusChange, kind: str) -> None:
    """The seller's e-mail about this step, through the outbox; caller holds the transaction."""
    outbox.enqueue(key=f"{kind}:{change.pk}", kind=kind, object_id=change.pk)


def render_seller_email(change: StatusChange, template: str, **context: Any) -> EmailMessage:
    """Render `<template>_subject.txt` and `_body.txt` in the seller's language.

    `context` has the `seller` (with its user fetched); the templates also get the change, the
    user and the seller dashboard's address.
    """
    user = context["seller"].user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "change": change,
            "user": user,
            "dashboard_url": settings.SITE_URL.rstrip("/") + reverse("sellers:dashboard"),
            **context,
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return EmailMessage(subject, body, None, [user.email])


def marks_notified(model: type[StatusChange]) -> Callable[[str], None]:
    """The outbox's on-sent hook: the step's `notified_at` says when the seller was told."""

    def mark(change_id: str) -> None:
        model.objects.filter(pk=change_id).update(notified_at=timezone.now())  # type: ignore[attr-defined]

    return mark
