"""Admin views of orders for staff: read-mostly; statuses move only through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Invoice, Notification, Order, OrderLine, Payment, Shipment, ShipmentStatusChange


class ReadOnlyAdmin(admin.ModelAdmin):
    """Orders, shipments and invoices are records: staff look, services change."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ShipmentInline(admin.TabularInline):
    model = Shipment
    fields = ["seller", "status", "total", "total_tax", "net_payable", "tracking_number"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = [
        "title",
        "hsn_code",
        "gst_rate",
        "quantity",
        "total",
        "taxable_value",
        "cgst",
        "sgst",
        "utgst",
        "igst",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False


class StatusChangeInline(admin.TabularInline):
    model = ShipmentStatusChange
    fields = ["from_status", "to_status", "by", "note", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "buyer", "status", "payment_method", "is_paid", "total", "created_at"]
    list_filter = ["status", "payment_method", "is_paid"]
    search_fields = ["buyer__email", "ship_name", "ship_pin_code"]
    list_select_related = ["buyer"]
    inlines = [ShipmentInline]


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "seller", "status", "total", "net_payable", "created_at"]
    list_filter = ["status"]
    search_fields = ["seller__display_name", "tracking_number", "order__buyer__email"]
    list_select_related = ["order", "seller"]
    inlines = [OrderLineInline, StatusChangeInline]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "seller_name", "kind", "financial_year", "issued_at"]
    list_filter = ["kind", "financial_year"]
    search_fields = ["number", "seller_name", "seller_gstin"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["gateway_order_id", "order", "gateway", "status", "amount", "paid_at"]
    list_filter = ["status", "gateway"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["key", "recipient", "event", "sent_at", "created_at"]
    list_filter = ["event"]
