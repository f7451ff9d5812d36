"""Carts, orders split into one shipment per seller, payments, invoices and notifications."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class Cart(models.Model):
    """A logged-in buyer's cart; anonymous visitors keep theirs in the session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cart of {self.user_id}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    listing = models.ForeignKey("catalog.Listing", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    # The price the buyer saw when adding; checkout warns when the listing's price moved since.
    price_when_added = money_field(_("price when added"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "listing"], name="cart_line_unique_listing"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="cart_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × listing {self.listing_id}"


class Order(models.Model):
    """What a buyer bought in one checkout: one shipment per seller."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PLACED = "placed", _("Placed")
        EXPIRED = "expired", _("Expired: not paid in time")

    class PaymentMethod(models.TextChoices):
        COD = "cod", _("Cash on delivery")
        ONLINE = "online", _("Pay online (UPI, card, net banking)")

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod.choices
    )
    # One checkout form, one order: a repeated POST with the same key finds this order.
    idempotency_key = models.CharField(max_length=64)
    # The delivery address as it was at checkout; the buyer may edit the saved one later.
    ship_name = models.CharField(_("name"), max_length=120)
    ship_mobile = models.CharField(_("mobile"), max_length=10)
    ship_line1 = models.CharField(max_length=200)
    ship_line2 = models.CharField(max_length=200, blank=True)
    ship_city = models.CharField(max_length=100)
    ship_state = models.ForeignKey("districts.State", on_delete=models.PROTECT, related_name="+")
    ship_pin_code = models.CharField(max_length=6)
    total = money_field(_("total"))
    total_tax = money_field(_("GST included"))
    is_paid = models.BooleanField(_("paid"), default=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "idempotency_key"], name="order_unique_idempotency_key"
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("orders:order-detail", kwargs={"pk": self.pk})

    @property
    def number(self) -> str:
        return f"OB{self.pk:07d}"

    @property
    def ship_address_line(self) -> str:
        parts = [self.ship_line1, self.ship_line2, self.ship_city]
        return ", ".join(p for p in parts if p) + f", {self.ship_state.name} {self.ship_pin_code}"


class Shipment(models.Model):
    """The part of an order one seller sends; it carries the status, the invoice and the payout."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        ACCEPTED = "accepted", _("Accepted")
        PACKED = "packed", _("Packed")
        DISPATCHED = "dispatched", _("Dispatched")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="shipments")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="shipments")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLACED, db_index=True
    )
    supplier_state = models.ForeignKey(
        "districts.State", on_delete=models.PROTECT, related_name="+"
    )
    # GST place of supply: the delivery address's state.
    place_of_supply = models.ForeignKey(
        "districts.State", on_delete=models.PROTECT, related_name="+"
    )
    courier = models.CharField(_("courier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    total = money_field(_("total"))
    taxable_value = money_field(_("taxable value"))
    total_tax = money_field(_("GST"))
    # What the seller is owed, fixed at checkout (PRODUCT.md "What a seller is owed").
    commission = money_field(_("commission"), default=ZERO)
    tcs = money_field(_("TCS under GST"), default=ZERO)
    tds = money_field(_("TDS under income tax"), default=ZERO)
    net_payable = money_field(_("net payable"), default=ZERO)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "seller"], name="shipment_one_per_seller"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number}-{self.pk}"

    @property
    def is_intra_state(self) -> bool:
        return self.supplier_state_id == self.place_of_supply_id

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.DELIVERED, self.Status.CANCELLED}

    @property
    def buyer_may_cancel(self) -> bool:
        """Before dispatch, and only once the order is placed (an unpaid order just expires)."""
        before_dispatch = {self.Status.PLACED, self.Status.ACCEPTED, self.Status.PACKED}
        return self.status in before_dispatch and self.order.status == Order.Status.PLACED

    @property
    def expected_payout_date(self) -> date | None:
        """Payouts go out a set number of days after delivery (the return window)."""
        if self.delivered_at is None:
            return None
        days = settings.PAYOUT_DAYS_AFTER_DELIVERY
        return timezone.localdate(self.delivered_at) + timedelta(days=days)


class OrderLine(models.Model):
    """One listing in a shipment, with a snapshot of what was sold and its tax to the paisa."""

    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="lines")
    listing = models.ForeignKey("catalog.Listing", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    hsn_code = models.CharField(_("HSN code"), max_length=8)
    gst_rate = models.DecimalField(_("GST rate (%)"), max_digits=5, decimal_places=2)
    unit_price = money_field(_("unit price"))
    quantity = models.PositiveIntegerField(_("quantity"))
    total = money_field(_("total"))
    taxable_value = money_field(_("taxable value"))
    cgst = money_field(_("CGST"), default=ZERO)
    sgst = money_field(_("SGST"), default=ZERO)
    utgst = money_field(_("UTGST"), default=ZERO)
    igst = money_field(_("IGST"), default=ZERO)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="order_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title}"

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.utgst + self.igst


class ShipmentStatusChange(models.Model):
    """Who moved a shipment from one status to another, when and why."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=Shipment.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Shipment.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Payment(models.Model):
    """An online payment attempt through the gateway; cash on delivery needs no row."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        PAID = "paid", _("Paid")

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="payment")
    gateway = models.CharField(max_length=20)
    gateway_order_id = models.CharField(max_length=64, unique=True)
    gateway_payment_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    amount = money_field(_("amount"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CREATED)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.gateway_order_id


class WebhookEvent(models.Model):
    """Each gateway event handled once: a replay finds its id here and changes nothing."""

    event_id = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=60)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.event_id


class InvoiceCounter(models.Model):
    """The last invoice serial of one seller in one financial year; locked while numbering."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    financial_year = models.PositiveSmallIntegerField(
        help_text="2026 means April 2026 to March 2027"
    )
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "financial_year"], name="invoice_counter_unique_seller_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seller_id}/{self.financial_year}: {self.last_serial}"


class InvoiceQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise models.ProtectedError("Invoices are never deleted.", set(self))

    def update(self, **kwargs: Any) -> int:
        raise ValueError("Invoices are never edited; issue a credit note instead.")


class Invoice(models.Model):
    """A seller's tax invoice (or bill of supply) for one shipment; never edited or deleted."""

    class Kind(models.TextChoices):
        TAX_INVOICE = "tax_invoice", _("Tax invoice")
        BILL_OF_SUPPLY = "bill_of_supply", _("Bill of supply")

    shipment = models.OneToOneField(Shipment, on_delete=models.PROTECT, related_name="invoice")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    financial_year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField(_("invoice number"), max_length=16)
    # The seller's particulars on the day of issue; a later profile edit leaves this unchanged.
    seller_name = models.CharField(max_length=120)
    seller_address = models.TextField()
    seller_gstin = models.CharField(max_length=15, blank=True)
    issued_at = models.DateTimeField()

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "number"], name="invoice_unique_number"),
            models.UniqueConstraint(
                fields=["seller", "financial_year", "serial"], name="invoice_unique_serial"
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[A-Za-z0-9/-]{1,16}$"), name="invoice_number_format"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Invoices are never edited; issue a credit note instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("orders:invoice", kwargs={"pk": self.pk})

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise models.ProtectedError("Invoices are never deleted.", {self})


class Notification(models.Model):
    """One e-mail for one event to one person; the unique key makes a repeat a no-op."""

    key = models.CharField(max_length=120, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=40)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notifications")
    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key
