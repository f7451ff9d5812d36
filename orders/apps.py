from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from odop_bazaar.header import remember_at_login
        from outbox.services import register

        from .receivers import merge_cart_at_login
        from .services import notifications

        register(
            notifications.OUTBOX_KIND, notifications.render_notification, notifications.mark_sent
        )

        # Whatever login view accounts/ builds, a visitor's cart follows them into their account.
        user_logged_in.connect(merge_cart_at_login, dispatch_uid="orders.merge_cart_at_login")
        # Then the header's cart count (of the merged cart) and seller flag, kept in the session.
        user_logged_in.connect(remember_at_login, dispatch_uid="odop_bazaar.header_at_login")
