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

from catalog.images import HasRenditions, PhotoStatus
from catalog.models import PublicPhotoManager, new_token

ZERO = Decimal("0.00")


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class Cart(models.Model):
    """A logged-in buyer's cart; anonymous visitors keep theirs in the session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The order this cart last became; a second tab placing the same (now empty) cart is told so.
    last_order = models.ForeignKey(
        "Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

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
        # Every shipment was cancelled before the order was paid: nothing is asked any more.
        CANCELLED = "cancelled", _("Cancelled before payment")

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

    class Progress(models.TextChoices):
        """What the buyer is told about the order as a whole, derived from its shipments."""

        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        EXPIRED = "expired", _("Expired: not paid in time")
        PLACED = "placed", _("Placed")
        PARTLY_SHIPPED = "partly_shipped", _("Partly shipped")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        PARTLY_CANCELLED = "partly_cancelled", _("Partly cancelled")
        CANCELLED = "cancelled", _("Cancelled")
        PARTLY_RETURNED = "partly_returned", _("Partly returned")
        RETURNED = "returned", _("Returned")

    @property
    def progress(self) -> "Order.Progress":
        """The order's status from its shipments (uses prefetched `shipments` when present)."""
        return derive_progress(
            order_status=self.status,
            shipments=[(s.status, s.total, s.credited_total) for s in self.shipments.all()],
        )

    @property
    def payable_total(self) -> Decimal:
        """What the order costs now: shipments not cancelled, less what was returned."""
        return sum((s.kept_total for s in self.shipments.all()), ZERO)

    @property
    def amount_paid_online(self) -> Decimal:
        """What the gateway captured for this order, over every paid attempt."""
        paid = [p.amount for p in self.payments.all() if p.status == Payment.Status.PAID]
        return sum(paid, ZERO)

    @property
    def cancelled_total(self) -> Decimal:
        return sum(
            (s.total for s in self.shipments.all() if s.status == Shipment.Status.CANCELLED), ZERO
        )

    @property
    def returned_total(self) -> Decimal:
        return sum(
            (
                s.credited_total
                for s in self.shipments.all()
                if s.status != Shipment.Status.CANCELLED
            ),
            ZERO,
        )

    @property
    def ship_street(self) -> str:
        """What the buyer wrote (lines and city), in the buyer's language."""
        return ", ".join(p for p in [self.ship_line1, self.ship_line2, self.ship_city] if p)

    @property
    def ship_address_line(self) -> str:
        """The whole address, the state named in the page's language."""
        return f"{self.ship_street}, {self.ship_state.display_name} {self.ship_pin_code}"


def derive_progress(
    *, order_status: str, shipments: list[tuple[str, Decimal, Decimal]]
) -> "Order.Progress":
    """An order's progress from (status, total, credited total) of each of its shipments."""
    P = Order.Progress
    if order_status == Order.Status.AWAITING_PAYMENT:
        return P.AWAITING_PAYMENT
    if order_status == Order.Status.EXPIRED:
        return P.EXPIRED
    statuses = [status for status, _total, _credited in shipments]
    cancelled = statuses.count(Shipment.Status.CANCELLED)
    if not statuses or cancelled == len(statuses):
        return P.CANCELLED
    on_the_way = {Shipment.Status.DISPATCHED, Shipment.Status.DELIVERED}
    open_count = sum(
        s not in {Shipment.Status.DELIVERED, Shipment.Status.CANCELLED} for s in statuses
    )
    if open_count:
        going = [s for s in statuses if s != Shipment.Status.CANCELLED]
        if all(s in on_the_way for s in going):
            return P.SHIPPED
        if any(s in on_the_way for s in going):
            return P.PARTLY_SHIPPED
        return P.PARTLY_CANCELLED if cancelled else P.PLACED
    delivered = [(t, c) for s, t, c in shipments if s == Shipment.Status.DELIVERED]
    if any(credited > 0 for _total, credited in delivered):
        if all(credited >= total for total, credited in delivered):
            return P.RETURNED
        return P.PARTLY_RETURNED
    return P.PARTLY_CANCELLED if cancelled else P.DELIVERED


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
    # Credit notes issued against this shipment's invoice (returns, cancellation after dispatch);
    # kept here so lists and payouts need no extra query. Payout fields above follow the net.
    credited_total = money_field(_("credited"), default=ZERO)
    credited_taxable_value = money_field(_("credited taxable value"), default=ZERO)
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
        """Before dispatch, paid or not (before payment the buyer is then asked for the rest)."""
        before_dispatch = {self.Status.PLACED, self.Status.ACCEPTED, self.Status.PACKED}
        return self.status in before_dispatch and self.order.status in {
            Order.Status.PLACED,
            Order.Status.AWAITING_PAYMENT,
        }

    @property
    def kept_total(self) -> Decimal:
        """The price of what the buyer keeps: nothing once cancelled, less what came back."""
        if self.status == self.Status.CANCELLED:
            return ZERO
        return self.total - self.credited_total

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
    # Units the seller received back; a credit note covers each.
    returned_quantity = models.PositiveIntegerField(_("returned"), default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(returned_quantity__lte=models.F("quantity")),
                name="order_line_returned_within_quantity",
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
    """One online payment attempt through the gateway; cash on delivery needs no row.

    An order may have several: a cancelled shipment lowers what is payable, so the next attempt
    asks for the rest only, and a failed attempt is followed by a new one.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("Awaiting payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=20)
    gateway_order_id = models.CharField(max_length=64, unique=True)
    gateway_payment_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    amount = money_field(_("amount"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CREATED)
    failure_reason = models.CharField(_("why it failed"), max_length=300, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

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
    """The last serial of one seller's series (invoices or credit notes) in one financial year;
    locked while numbering."""

    class Series(models.TextChoices):
        INVOICE = "INV", _("Invoices")
        CREDIT_NOTE = "CN", _("Credit notes")

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=4, choices=Series.choices, default=Series.INVOICE)
    financial_year = models.PositiveSmallIntegerField(
        help_text="2026 means April 2026 to March 2027"
    )
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "series", "financial_year"],
                name="counter_unique_seller_series_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seller_id}/{self.series}/{self.financial_year}: {self.last_serial}"


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
    refund = models.ForeignKey(
        "Refund", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    return_request = models.ForeignKey(
        "ReturnRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key


def mask_refund_account(value: str) -> str:
    """Where a COD refund goes, for pages and e-mails: a UPI id as given; "account IFSC" with
    all but the account's last four digits hidden (`••••9012 SBIN0001234`)."""
    account = value.split(" ")[0]
    if "@" in account or len(account) <= 4:
        return value
    return "•" * 4 + account[-4:] + value[len(account) :]


class Refund(models.Model):
    """Money going back to a buyer for one cause (a cancelled shipment, a return, an overpayment).

    Created by `orders.services.refunds` in the transaction of its cause; an online refund is
    sent to the gateway after commit by a task, a cash-on-delivery refund is paid out by a curator
    to the bank account or UPI id the buyer gave. The unique `key` names the cause, so one cause
    never refunds twice.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Refund requested")
        PROCESSED = "processed", _("Refunded")
        FAILED = "failed", _("Refund failed")

    class Reason(models.TextChoices):
        CANCELLED = "cancelled", _("Shipment cancelled")
        RETURNED = "returned", _("Item returned")
        OVERPAID = "overpaid", _("Paid more than the order's total")
        LATE_PAYMENT = "late_payment", _("Paid after the order had expired")

    class Method(models.TextChoices):
        ORIGINAL = "original", _("To the way you paid")
        BANK = "bank", _("Bank transfer or UPI")

    key = models.CharField(max_length=80, unique=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    shipment = models.ForeignKey(
        Shipment, on_delete=models.PROTECT, null=True, blank=True, related_name="refunds"
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="refunds"
    )
    return_request = models.OneToOneField(
        "ReturnRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="refund"
    )
    amount = money_field(_("amount"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("refund to"), max_length=10, choices=Method.choices)
    # Cash on delivery: where the curator sends the money (UPI id, or account and IFSC).
    payout_to = models.CharField(_("bank account or UPI id"), max_length=120, blank=True)
    payout_reference = models.CharField(_("bank reference (UTR)"), max_length=60, blank=True)
    gateway_refund_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    failure_reason = models.CharField(_("why it failed"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"Refund {self.pk} of {self.order_id}: {self.amount}"

    @property
    def payout_to_masked(self) -> str:
        return mask_refund_account(self.payout_to)


def return_photo_path(instance: "ReturnPhoto", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"returns/{instance.return_request_id}/{instance.token}.{extension}"


class ReturnRequest(models.Model):
    """A buyer's request to send back some units of one delivered line, and what became of it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Return requested")
        ACCEPTED = "accepted", _("Return accepted")
        REJECTED = "rejected", _("Return rejected")
        DISPUTED = "disputed", _("Rejection disputed")
        PICKUP_SCHEDULED = "pickup", _("Pickup booked")
        RECEIVED = "received", _("Received by the seller")
        WITHDRAWN = "withdrawn", _("Withdrawn by the buyer")

    class Reason(models.TextChoices):
        DAMAGED = "damaged", _("Arrived damaged")
        WRONG_ITEM = "wrong_item", _("Wrong item sent")
        NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
        MISSING_PARTS = "missing_parts", _("Parts or units missing")
        QUALITY = "quality", _("Quality problem")
        OTHER = "other", _("Other")

    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="returns")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="returns")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="returns"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("what is wrong"), max_length=1000, blank=True)
    # Cash on delivery only: where the refund goes (UPI id, or account number and IFSC).
    refund_to = models.CharField(_("bank account or UPI id"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    decision_reason = models.CharField(_("seller's reason"), max_length=300, blank=True)
    dispute_reason = models.CharField(_("why the buyer disputes"), max_length=300, blank=True)
    curator_note = models.CharField(_("curator's decision"), max_length=300, blank=True)
    pickup_courier = models.CharField(_("pickup courier"), max_length=80, blank=True)
    pickup_tracking = models.CharField(_("pickup tracking number"), max_length=60, blank=True)
    resaleable = models.BooleanField(_("back in stock"), null=True, blank=True)
    # The refund value of the returned units (GST included), fixed when the request is made.
    amount = money_field(_("refund value"))
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="return_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"Return {self.pk}: {self.quantity} × line {self.line_id}"

    @property
    def refund_to_masked(self) -> str:
        return mask_refund_account(self.refund_to)

    @property
    def may_withdraw(self) -> bool:
        """The buyer may take the request back until the courier has come for the parcel."""
        before_pickup = {
            self.Status.REQUESTED,
            self.Status.ACCEPTED,
            self.Status.REJECTED,
            self.Status.DISPUTED,
        }
        return self.status in before_pickup

    @property
    def may_dispute(self) -> bool:
        """A seller's rejection may be disputed once; a curator's decision is final."""
        return self.status == self.Status.REJECTED and not self.dispute_reason


class ReturnStatusChange(models.Model):
    """Who moved a return from one status to another, when and why."""

    return_request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(max_length=10, choices=ReturnRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReturnRequest.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ReturnPhoto(HasRenditions, models.Model):
    """A buyer's photo of a returned item, through the listing photo pipeline: checked from its
    header in the request, cleaned by orders.tasks.process_return_photo ("processing" until
    then, "failed" if it does not decode); the seller and curators see ready ones only."""

    return_request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="photos"
    )
    token = models.CharField(max_length=32, default=new_token, editable=False)
    image = models.ImageField(
        _("photo"),
        upload_to=return_photo_path,
        width_field="width",
        height_field="height",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PhotoStatus.choices, default=PhotoStatus.READY
    )
    raw_name = models.CharField(max_length=200, blank=True, editable=False)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PublicPhotoManager()  # `return_request.photos`: ready photos only
    all_objects = models.Manager()  # noqa: DJ012 - processing and failed too

    class Meta:
        ordering = ["pk"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"Photo of return {self.return_request_id}"


class CreditNoteQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise models.ProtectedError("Credit notes are never deleted.", set(self))

    def update(self, **kwargs: Any) -> int:
        raise ValueError("Credit notes are never edited.")


class CreditNote(models.Model):
    """A seller's GST credit note (section 34) against one invoice: a return or a cancellation
    after dispatch. Numbered in its own series per seller and financial year; never edited."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="credit_notes")
    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.PROTECT, related_name="credit_notes"
    )
    return_request = models.OneToOneField(
        ReturnRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="credit_note"
    )
    reason = models.CharField(_("reason"), max_length=300)
    financial_year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField(_("credit note number"), max_length=16)
    seller_name = models.CharField(max_length=120)
    seller_address = models.TextField()
    seller_gstin = models.CharField(max_length=15, blank=True)
    total = money_field(_("total"))
    taxable_value = money_field(_("taxable value"))
    cgst = money_field(_("CGST"), default=ZERO)
    sgst = money_field(_("SGST"), default=ZERO)
    utgst = money_field(_("UTGST"), default=ZERO)
    igst = money_field(_("IGST"), default=ZERO)
    issued_at = models.DateTimeField()

    objects = CreditNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "number"], name="credit_note_unique_number"),
            models.UniqueConstraint(
                fields=["seller", "financial_year", "serial"], name="credit_note_unique_serial"
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[A-Za-z0-9/-]{1,16}$"),
                name="credit_note_number_format",
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="credit_note_total_positive"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Credit notes are never edited.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("orders:credit-note", kwargs={"pk": self.pk})

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise models.ProtectedError("Credit notes are never deleted.", {self})

    @property
    def display_reason(self) -> str:
        """The reason in the reader's language for a return (it is written in the language of
        whoever was on the page when the note was issued); other reasons as written."""
        if self.return_request_id is not None:
            return _("Return: %(reason)s") % {
                "reason": self.return_request.get_reason_display()  # type: ignore[union-attr]
            }
        return self.reason

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.utgst + self.igst


class CreditNoteLine(models.Model):
    """The units of one invoice line a credit note takes back, with their tax to the paisa."""

    credit_note = models.ForeignKey(CreditNote, on_delete=models.PROTECT, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
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

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title}"

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.utgst + self.igst
