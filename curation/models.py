from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One curation action: who did what to which object, what changed, and why.

    Written by `curation.audit.record` in the transaction of the action itself; never changed
    or deleted afterwards (the model, its queryset and, on PostgreSQL, a trigger refuse it).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("curator"),
    )
    action = models.CharField(_("action"), max_length=40, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


# --- Sales aggregates for the dashboard --------------------------------------------------------
# Kept by month so that the dashboard reads a few thousand rows, never the orders themselves.
# Written only by curation.sales (the refresh); every row can be rebuilt from the orders.


def _money(verbose_name) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, default=0)


class SalesFigures(models.Model):
    """What was sold in one month (orders placed in that month, India time), as it stands now.

    Only confirmed orders count (status "placed": cash on delivery, or paid online); orders
    awaiting payment, expired or cancelled before payment count nowhere.
    - open value: totals of shipments not yet delivered nor cancelled;
    - delivered value: totals of delivered shipments less the credit notes of returns received;
    - sales value = open value + delivered value (GST included, in rupees).
    """

    orders_count = models.PositiveIntegerField(_("orders"), default=0)
    shipments_count = models.PositiveIntegerField(_("shipments"), default=0)
    cancelled_count = models.PositiveIntegerField(_("shipments cancelled"), default=0)
    delivered_count = models.PositiveIntegerField(_("shipments delivered"), default=0)
    dispatched_count = models.PositiveIntegerField(_("shipments dispatched"), default=0)
    late_dispatch_count = models.PositiveIntegerField(_("dispatched late"), default=0)
    units = models.PositiveIntegerField(_("units sold"), default=0)
    delivered_units = models.PositiveIntegerField(_("units delivered"), default=0)
    returned_units = models.PositiveIntegerField(_("units returned"), default=0)
    open_value = _money(_("open value"))
    delivered_value = _money(_("delivered value"))
    returned_value = _money(_("returned value"))

    class Meta:
        abstract = True

    @property
    def sales_value(self):
        return self.open_value + self.delivered_value


class MonthSales(SalesFigures):
    """The whole marketplace in one month."""

    month = models.DateField(_("month"), unique=True)

    class Meta:
        ordering = ["month"]
        verbose_name = _("monthly sales")
        verbose_name_plural = _("monthly sales")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class StateMonthSales(SalesFigures):
    """Sales by sellers of one state in one month."""

    state = models.ForeignKey(
        "districts.State", on_delete=models.CASCADE, related_name="month_sales"
    )
    month = models.DateField(_("month"), db_index=True)

    class Meta:
        ordering = ["month", "state_id"]
        constraints = [
            models.UniqueConstraint(fields=["state", "month"], name="state_month_sales_unique")
        ]

    def __str__(self) -> str:
        return f"{self.state_id} {self.month:%Y-%m}"


class DistrictMonthSales(SalesFigures):
    """Sales by sellers of one district in one month (a district with no row sold nothing)."""

    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="month_sales"
    )
    month = models.DateField(_("month"), db_index=True)

    class Meta:
        ordering = ["month", "district_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "month"], name="district_month_sales_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.month:%Y-%m}"


class SellerMonthStats(SalesFigures):
    """One seller's month: sales, cancellations, returns and late dispatches (orders = shipments)."""

    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.CASCADE, related_name="month_stats"
    )
    month = models.DateField(_("month"), db_index=True)

    class Meta:
        ordering = ["month", "seller_id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "month"], name="seller_month_stats_unique")
        ]

    def __str__(self) -> str:
        return f"{self.seller_id} {self.month:%Y-%m}"


class OdopProductMonthSales(models.Model):
    """Sales of listings of one ODOP product in one month (same rules as SalesFigures)."""

    odop_product = models.ForeignKey(
        "catalog.OdopProduct", on_delete=models.CASCADE, related_name="month_sales"
    )
    month = models.DateField(_("month"), db_index=True)
    units = models.PositiveIntegerField(_("units sold"), default=0)
    returned_units = models.PositiveIntegerField(_("units returned"), default=0)
    open_value = _money(_("open value"))
    delivered_value = _money(_("delivered value"))
    returned_value = _money(_("returned value"))

    class Meta:
        ordering = ["month", "odop_product_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["odop_product", "month"], name="odop_product_month_sales_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.odop_product_id} {self.month:%Y-%m}"


class SalesRefresh(models.Model):
    """One row: how far the refresh has read the order events, and when it last ran."""

    last_status_change_id = models.BigIntegerField(default=0)
    last_credit_note_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"refreshed at {self.refreshed_at}"
