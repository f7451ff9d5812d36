from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Email(models.Model):
    """One e-mail to send: written in the transaction of the event that causes it (so it exists
    exactly when the event does), rendered and sent by a task, retried with backoff for a day.

    The message is rendered at send time by the renderer registered for `kind`, from the row
    `object_id` names (an order notification, a status change, a grievance step...).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed for good")
        CANCELLED = "cancelled", _("Nothing to send")

    key = models.CharField(_("key"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # A worker that claims the row holds it until then; a worker that died loses it after.
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    to = models.CharField(_("to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Retries stop OUTBOX_RETRY_HOURS after this (the creation, or a curator's retry).
    retry_from = models.DateTimeField(_("retried from"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
        ]

    def __str__(self) -> str:
        return self.key
