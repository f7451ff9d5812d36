from django.contrib import admin

from .models import Grievance


@admin.register(Grievance)
class GrievanceAdmin(admin.ModelAdmin):
    """Read-only: grievances move through the curator workspace, where each step is audited."""

    list_display = ("reference", "filed_by", "role", "subject", "status", "filed_at", "resolve_by")
    list_filter = ("status", "subject", "role")
    search_fields = ("reference", "filed_by__email")
    date_hierarchy = "filed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
