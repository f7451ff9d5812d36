from django.contrib import admin

from odop_bazaar.admin import ReadOnlyAdmin

from .models import Grievance


@admin.register(Grievance)
class GrievanceAdmin(ReadOnlyAdmin):
    """Read-only: grievances move through the curator workspace, where each step is audited."""

    list_display = ("reference", "filed_by", "role", "subject", "status", "filed_at", "resolve_by")
    list_filter = ("status", "subject", "role")
    search_fields = ("reference", "filed_by__email")
    date_hierarchy = "filed_at"
