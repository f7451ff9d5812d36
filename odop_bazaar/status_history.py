"""Status histories (a seller's verification, a listing's moderation) and the e-mail of a step.

Shared by sellers and catalog, so neither app imports the other for it.
"""

from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

# Celery options of the tasks that e-mail a step: SMTP hiccups are retried, a mail is sent once.
EMAIL_RETRY: dict[str, Any] = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "max_retries": 5,
    "acks_late": True,
}


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
    # Set once the seller was e-mailed, so a repeat delivery of the task sends nothing.
    notified_at = models.DateTimeField(_("seller notified at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


def email_seller_once(change: StatusChange, template: str, **context: Any) -> None:
    """Render `<template>_subject.txt` and `_body.txt` in the seller's language, send, mark sent.

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
    send_mail(subject, body, None, [user.email])
    type(change).objects.filter(pk=change.pk).update(notified_at=timezone.now())  # type: ignore[attr-defined]
