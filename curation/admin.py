from django.contrib import admin

from odop_bazaar.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only, for superusers too: the log is append-only."""

    list_display = ("created_at", "actor", "action", "content_type", "object_repr", "reason")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "reason", "actor__email")
    date_hierarchy = "created_at"
