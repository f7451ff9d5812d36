from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self) -> None:
        from odop_bazaar.status_history import marks_notified
        from outbox.services import register

        from . import emails
        from .models import ListingStatusChange

        notified = marks_notified(ListingStatusChange)
        register(emails.DECISION_KIND, emails.render_decision_email, notified)
        register(emails.GI_REFUSED_KIND, emails.render_gi_refused_email, notified)
