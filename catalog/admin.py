from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

# The admin sits on top of the apps: its reason form page is shared with the sellers' admin.
from sellers.admin_actions import apply_service, with_reason

from . import services
from .models import (
    Category,
    GstRate,
    GstRateRule,
    Listing,
    ListingImage,
    ListingStatusChange,
    OdopProduct,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_hi", "sector", "position"]
    list_editable = ["position"]


@admin.register(OdopProduct)
class OdopProductAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "sector", "rank", "is_gi_tagged"]
    list_filter = ["is_gi_tagged", "sector", "rank", "district__state"]
    search_fields = ["name", "district__name", "odop_id"]
    list_select_related = ["district__state"]
    # Review state and curators' fields are written by /curate/ (with its audit log) only.
    readonly_fields = [
        "odop_id",
        "slug",
        "name_hi_reviewed_at",
        "name_hi_reviewed_by",
        "curated_fields",
        "list_imported_at",
    ]
    autocomplete_fields = ["district"]


class ListingImageInline(admin.TabularInline):
    model = ListingImage
    extra = 0
    fields = ["image", "position", "alt_text"]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["title", "seller", "district", "price", "stock", "status", "is_featured"]
    list_filter = ["status", "is_featured", "is_demo", "category", "odop_product__is_gi_tagged"]
    search_fields = ["title", "seller__display_name"]
    list_select_related = ["seller", "district"]
    raw_id_fields = ["seller", "odop_product", "district"]
    inlines = [ListingImageInline]
    # Moderation goes through the actions (catalog.services: history rows, rules); never by
    # editing these fields by hand.
    readonly_fields = ["status", "rejection_reason", "gi_verified_at"]
    actions = ["approve", "reject", "verify_gi_claim"]

    @admin.action(
        description=_("Approve the chosen listings (put them live)"), permissions=["change"]
    )
    def approve(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        apply_service(
            self,
            request,
            queryset,
            lambda listing: services.approve_listing(listing=listing, by=request.user),
            _("%(count)d listing(s) approved."),
        )

    @admin.action(
        description=_("Reject the chosen listings, with a reason"), permissions=["change"]
    )
    def reject(self, request: HttpRequest, queryset: QuerySet[Listing]) -> HttpResponse | None:
        return with_reason(
            self,
            request,
            queryset,
            title=_("Reject listings"),
            call=lambda listing, reason: services.reject_listing(
                listing=listing, by=request.user, reason=reason
            ),
            done=_("%(count)d listing(s) rejected."),
        )

    @admin.action(description=_("Verify the GI authorised-user number"), permissions=["change"])
    def verify_gi_claim(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        apply_service(
            self,
            request,
            queryset,
            lambda listing: services.verify_gi_claim(listing=listing, by=request.user),
            _("%(count)d GI claim(s) verified."),
        )


@admin.register(ListingStatusChange)
class ListingStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["listing", "from_status", "to_status", "changed_by", "reason", "created_at"]
    list_filter = ["to_status"]
    list_select_related = ["listing", "changed_by"]
    search_fields = ["listing__title", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(GstRate)
class GstRateAdmin(admin.ModelAdmin):
    list_display = ["rate", "effective_from", "effective_until"]


@admin.register(GstRateRule)
class GstRateRuleAdmin(admin.ModelAdmin):
    """Read the rules here; change them in fixtures/gst_rate_rules.csv and load_reference_data."""

    list_display = [
        "hsn_prefix",
        "description",
        "effective_from",
        "effective_until",
        "rate",
        "threshold",
        "rate_above",
        "notification",
    ]
    list_filter = ["effective_from"]
    search_fields = ["hsn_prefix", "description", "notification"]
