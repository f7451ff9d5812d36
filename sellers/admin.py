"""The curators' queue: submitted sellers, their documents and history; approve or reject."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .admin_actions import apply_service, with_reason
from .models import Seller, SellerDocument, SellerStatusChange
from .services.onboarding import KYC_FIELDS


class SellerDocumentInline(admin.TabularInline):
    model = SellerDocument
    extra = 0
    can_delete = False
    fields = ["kind", "download", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, document: SellerDocument) -> str:
        return format_html('<a href="{}">{}</a>', document.get_absolute_url(), _("Download"))

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SellerStatusChangeInline(admin.TabularInline):
    model = SellerStatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "changed_by", "reason", "notified_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["display_name", "kind", "district", "status", "status_changed_at", "is_demo"]
    list_filter = ["status", "kind", "is_demo", "district__state"]
    search_fields = ["display_name", "user__email", "gstin", "pan"]
    list_select_related = ["district__state"]
    autocomplete_fields = ["user", "district"]
    ordering = ["status_changed_at", "pk"]  # the oldest submission first
    # Status moves only through the actions below (services with history); never by editing.
    # KYC details are the seller's word, checked by its forms: curators reject with a reason
    # instead of correcting them.
    readonly_fields = ["status", "rejection_reason", "status_changed_at", "created_at", *KYC_FIELDS]
    filter_horizontal = ["odop_products"]
    inlines = [SellerDocumentInline, SellerStatusChangeInline]
    actions = ["approve", "reject", "suspend", "reinstate"]

    @admin.action(description=_("Verify the chosen sellers"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Seller]) -> None:
        apply_service(
            self,
            request,
            queryset,
            lambda seller: services.verify_seller(seller=seller, by=request.user),
            _("%(count)d seller(s) verified."),
        )

    @admin.action(description=_("Reject the chosen sellers, with a reason"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Seller]) -> HttpResponse | None:
        return with_reason(
            self,
            request,
            queryset,
            title=_("Reject sellers"),
            call=lambda seller, reason: services.reject_seller(
                seller=seller, by=request.user, reason=reason
            ),
            done=_("%(count)d seller(s) rejected."),
        )

    @admin.action(
        description=_("Suspend the chosen sellers, with a reason"), permissions=["change"]
    )
    def suspend(self, request: HttpRequest, queryset: QuerySet[Seller]) -> HttpResponse | None:
        return with_reason(
            self,
            request,
            queryset,
            title=_("Suspend sellers"),
            call=lambda seller, reason: services.suspend_seller(
                seller=seller, by=request.user, reason=reason
            ),
            done=_("%(count)d seller(s) suspended."),
        )

    @admin.action(
        description=_("Lift the suspension of the chosen sellers"), permissions=["change"]
    )
    def reinstate(self, request: HttpRequest, queryset: QuerySet[Seller]) -> None:
        apply_service(
            self,
            request,
            queryset,
            lambda seller: services.reinstate_seller(seller=seller, by=request.user),
            _("%(count)d seller(s) reinstated."),
        )
