from django.contrib import admin

from .models import Seller


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["display_name", "kind", "district", "status", "is_demo"]
    list_filter = ["status", "kind", "is_demo"]
    search_fields = ["display_name", "user__email", "gstin"]
    list_select_related = ["district"]
    autocomplete_fields = ["user", "district"]
