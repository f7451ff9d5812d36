from django.contrib import admin

from .models import Category, GstRate, Listing, ListingImage, OdopProduct


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
    readonly_fields = ["odop_id", "slug"]
    autocomplete_fields = ["district"]


class ListingImageInline(admin.TabularInline):
    model = ListingImage
    extra = 0
    fields = ["image", "position", "alt_text"]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["title", "seller", "district", "price", "stock", "status", "is_featured"]
    list_filter = ["status", "is_featured", "is_demo", "category"]
    search_fields = ["title", "seller__display_name"]
    list_select_related = ["seller", "district"]
    raw_id_fields = ["seller", "odop_product", "district"]
    inlines = [ListingImageInline]


@admin.register(GstRate)
class GstRateAdmin(admin.ModelAdmin):
    list_display = ["rate", "effective_from", "effective_until"]
