from django.contrib import admin

from .models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by events and the sending task; curators retry failed
    ones from /curate/emails/."""

    list_display = ("created_at", "key", "status", "attempts", "to", "subject", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("key", "to", "subject")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
