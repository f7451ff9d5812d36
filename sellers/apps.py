from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "sellers"

    def ready(self) -> None:
        from odop_bazaar.status_history import marks_notified
        from outbox.services import register

        from . import emails
        from .models import SellerStatusChange

        register(emails.STATUS_KIND, emails.render_status_email, marks_notified(SellerStatusChange))
