"""A complaint to the grievance officer, its deadlines and its thread of follow-ups.

Consumer Protection (E-Commerce) Rules, 2020, rule 4(5): the grievance officer acknowledges a
complaint within 48 hours and redresses it within one month of receipt.
"""

import calendar
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACKNOWLEDGE_WITHIN = timedelta(hours=48)


def one_month_after(moment: datetime) -> datetime:
    """The same time on the same day of the next month, in India time; the month's last day
    when the next month is shorter (31 January -> 28 or 29 February)."""
    local = timezone.localtime(moment)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


class GrievanceQuerySet(models.QuerySet):
    def pending(self) -> "GrievanceQuerySet":
        """Waiting for the grievance officer: not yet resolved or closed."""
        return self.filter(status__in=[Grievance.Status.OPEN, Grievance.Status.ACKNOWLEDGED])

    def overdue(self, *, now: datetime | None = None) -> "GrievanceQuerySet":
        """Pending ones past a deadline: not acknowledged in 48 hours, or not resolved in a month."""
        now = now or timezone.now()
        return self.pending().filter(
            Q(status=Grievance.Status.OPEN, acknowledge_by__lt=now) | Q(resolve_by__lt=now)
        )


class Grievance(models.Model):
    """One complaint by a buyer or a seller, optionally about an order or one of its shipments."""

    class Role(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        SELLER = "seller", _("Seller")

    class Subject(models.TextChoices):
        DELIVERY = "delivery", _("Delivery")
        REFUND = "refund", _("Refund")
        PRODUCT_QUALITY = "product_quality", _("Product quality")
        PAYMENT = "payment", _("Payment")
        SELLER_CONDUCT = "seller_conduct", _("Seller conduct")
        ACCOUNT = "account", _("Account")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grievances",
        verbose_name=_("filed by"),
    )
    role = models.CharField(_("filed as"), max_length=10, choices=Role.choices)
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grievances",
        verbose_name=_("order"),
    )
    shipment = models.ForeignKey(
        "orders.Shipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grievances",
        verbose_name=_("shipment"),
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    description = models.TextField(_("what happened"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    filed_at = models.DateTimeField(_("filed"), db_index=True)
    acknowledge_by = models.DateTimeField(_("acknowledge by"))
    resolve_by = models.DateTimeField(_("resolve by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # What the grievance officer did about it; shown to the filer.
    resolution = models.TextField(_("resolution"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    objects = GrievanceQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledge_by__gt=models.F("filed_at"))
                & Q(resolve_by__gt=models.F("filed_at")),
                name="grievance_deadlines_after_filing",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_at__isnull=False),
                name="grievance_resolved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("grievances:detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.ACKNOWLEDGED}

    def is_acknowledgement_overdue(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.acknowledge_by < now

    def is_resolution_overdue(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_pending and self.resolve_by < now

    @property
    def is_overdue(self) -> bool:
        now = timezone.now()
        return self.is_acknowledgement_overdue(now) or self.is_resolution_overdue(now)


class GrievanceMessage(models.Model):
    """A follow-up the filer adds while the grievance is being handled."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.pk} on {self.grievance_id}"


class GrievanceNotification(models.Model):
    """One e-mail about one grievance step to one address; the unique key makes a repeat a
    no-op, `sent_at` makes a repeated task delivery send nothing."""

    class Event(models.TextChoices):
        FILED = "filed", _("Filed (to the grievance officer)")
        RECEIVED = "received", _("Received (to the filer)")
        FOLLOW_UP = "follow_up", _("Follow-up (to the grievance officer)")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    key = models.CharField(max_length=120, unique=True)
    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=20, choices=Event.choices)
    to_email = models.EmailField()
    # The filer (for the language of the message); empty for the grievance officer.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key
