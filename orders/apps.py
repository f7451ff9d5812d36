from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .receivers import merge_cart_at_login

        # Whatever login view accounts/ builds, a visitor's cart follows them into their account.
        user_logged_in.connect(merge_cart_at_login, dispatch_uid="orders.merge_cart_at_login")
