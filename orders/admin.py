"""Admin views of orders for staff: read-mostly; statuses move only through the services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Case, IntegerField, Model, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from odop_bazaar.admin import ReadOnlyAdmin
from sellers.access import is_curator
from sellers.admin_actions import apply_service

from .errors import RefundNotAllowed
from .models import (
    CreditNote,
    CreditNoteLine,
    Invoice,
    Notification,
    Order,
    OrderLine,
    Payment,
    Refund,
    ReturnRequest,
    ReturnStatusChange,
    Shipment,
    ShipmentStatusChange,
)
from .services import refunds, returns


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


# --- Curators: returns and refunds ---------------------------------------------------------


class CuratorNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Decision (the buyer and the seller read it)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BankReferenceForm(forms.Form):
    reference = forms.CharField(label=_("Bank reference (UTR) of the transfer"), max_length=60)


def with_form(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    form_class: type[forms.Form],
    title: str,
    call: Callable[[Model, dict[str, Any]], Any],
    done: str,
) -> HttpResponse | None:
    """An admin action that first asks for a note or reference, then calls the service per row."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        apply_service(modeladmin, request, queryset, lambda obj: call(obj, data), done)
        return None
    return TemplateResponse(
        request,
        "admin/sellers/reason_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "objects": queryset,
            "form": form,
            "action": request.POST.get("action", ""),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class CuratorAdmin(ReadOnlyAdmin):
    """Seen and acted on by curators (staff in the Curators group) and superusers, without a
    model permission of their own: the actions call services that check the state."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_curator(request.user)

    def has_curate_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user)


class CuratorReadOnlyInline(admin.TabularInline):
    """Rows shown under a curator's record, never added, edited or deleted there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_curator(request.user)


class ReturnStatusChangeInline(CuratorReadOnlyInline):
    model = ReturnStatusChange
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields


@admin.register(ReturnRequest)
class ReturnRequestAdmin(CuratorAdmin):
    """The return queue: disputed first, then the oldest."""

    list_display = [
        "__str__",
        "order_number",
        "seller",
        "status",
        "quantity",
        "amount",
        "reason",
        "created_at",
    ]
    list_filter = ["status", "reason"]
    search_fields = ["buyer__email", "shipment__seller__display_name", "line__title"]
    list_select_related = ["shipment__order", "shipment__seller", "line"]
    readonly_fields = [
        "shipment",
        "line",
        "buyer",
        "quantity",
        "reason",
        "details",
        "status",
        "decision_reason",
        "dispute_reason",
        "curator_note",
        "pickup_courier",
        "pickup_tracking",
        "resaleable",
        "amount",
        "created_at",
        "decided_at",
        "received_at",
    ]
    exclude = ["refund_to"]  # the buyer's bank details stay with the refund
    inlines = [ReturnStatusChangeInline]
    actions = ["overrule", "uphold"]

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        disputed_first = Case(
            When(status=ReturnRequest.Status.DISPUTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [disputed_first.asc(), "created_at", "pk"]

    @admin.display(description=_("order"))
    def order_number(self, rr: ReturnRequest) -> str:
        return rr.shipment.order.number

    @admin.display(description=_("seller"))
    def seller(self, rr: ReturnRequest) -> str:
        return rr.shipment.seller.display_name

    @admin.action(description=_("Overrule: accept the return"), permissions=["curate"])
    def overrule(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return with_form(
            self,
            request,
            queryset,
            form_class=CuratorNoteForm,
            title=_("Overrule the seller: accept the return"),
            call=lambda rr, data: returns.overrule_rejection(
                return_request=rr, by=request.user, note=data["note"]
            ),
            done=_("%(count)d return(s) accepted."),
        )

    @admin.action(description=_("Uphold the rejection"), permissions=["curate"])
    def uphold(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return with_form(
            self,
            request,
            queryset,
            form_class=CuratorNoteForm,
            title=_("Uphold the seller's rejection"),
            call=lambda rr, data: returns.uphold_rejection(
                return_request=rr, by=request.user, note=data["note"]
            ),
            done=_("%(count)d rejection(s) upheld."),
        )


@admin.register(Refund)
class RefundAdmin(CuratorAdmin):
    """Refunds: failed ones first; retry online ones, record the bank transfer of COD ones."""

    list_display = [
        "pk",
        "order",
        "amount",
        "reason",
        "method",
        "payout_to",
        "status",
        "attempts",
        "failure_reason",
        "created_at",
    ]
    list_filter = ["status", "method", "reason"]
    search_fields = ["order__buyer__email", "gateway_refund_id", "payout_reference", "key"]
    list_select_related = ["order"]
    actions = ["retry", "settle_bank"]

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        waiting_first = Case(
            When(status=Refund.Status.FAILED, then=Value(0)),
            When(status=Refund.Status.REQUESTED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return [waiting_first.asc(), "created_at", "pk"]

    @admin.action(description=_("Retry the failed online refunds"), permissions=["curate"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Refund]) -> None:
        def call(refund: Refund) -> None:
            if not refunds.retry_refund(refund_id=refund.pk):
                raise RefundNotAllowed(_("Only failed online refunds can be retried."))

        apply_service(self, request, queryset, call, _("%(count)d refund(s) sent again."))

    @admin.action(
        description=_("Mark cash-on-delivery refunds paid (bank reference)"),
        permissions=["curate"],
    )
    def settle_bank(self, request: HttpRequest, queryset: QuerySet[Refund]) -> HttpResponse | None:
        return with_form(
            self,
            request,
            queryset,
            form_class=BankReferenceForm,
            title=_("Record the bank transfer"),
            call=lambda refund, data: refunds.settle_bank_refund(
                refund_id=refund.pk, reference=data["reference"], by=request.user
            ),
            done=_("%(count)d refund(s) marked paid."),
        )


class CreditNoteLineInline(CuratorReadOnlyInline):
    model = CreditNoteLine
    fields = ["title", "hsn_code", "gst_rate", "quantity", "taxable_value", "cgst", "sgst"]
    fields += ["utgst", "igst", "total"]
    readonly_fields = fields


@admin.register(CreditNote)
class CreditNoteAdmin(CuratorAdmin):
    list_display = ["number", "seller_name", "invoice", "total", "reason", "issued_at"]
    list_filter = ["financial_year"]
    search_fields = ["number", "seller_name", "invoice__number"]
    list_select_related = ["invoice"]
    inlines = [CreditNoteLineInline]
