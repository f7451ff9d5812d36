from django.contrib import admin

from .models import District, State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "name_hi", "iso_code", "gst_code", "kind", "uses_utgst"]
    search_fields = ["name", "name_hi", "iso_code"]
    readonly_fields = ["lgd_code", "iso_code", "gst_code", "slug"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "lgd_code", "is_featured", "has_map_shape"]
    list_filter = ["state", "is_featured"]
    list_editable = ["is_featured"]
    search_fields = ["name", "name_hi", "state__name"]
    list_select_related = ["state"]
    readonly_fields = [
        "lgd_code",
        "slug",
        "census2011_code",
        "has_map_shape",
        "name_hi_reviewed_at",
        "name_hi_reviewed_by",
    ]
    fields = [
        "name",
        "name_hi",
        "name_hi_reviewed_at",
        "name_hi_reviewed_by",
        "state",
        "lgd_code",
        "slug",
        "census2011_code",
        "is_featured",
        "story",
        "story_hi",
    ]
