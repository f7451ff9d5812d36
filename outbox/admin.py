from django.contrib import admin

from odop_bazaar.admin import ReadOnlyAdmin

from .models import Email


@admin.register(Email)
class EmailAdmin(ReadOnlyAdmin):
    """Read-only: the outbox is written by events and the sending task; curators retry failed
    ones from /curate/emails/."""

    list_display = ("created_at", "key", "status", "attempts", "to", "subject", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("key", "to", "subject")
