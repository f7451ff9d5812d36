from django.apps import AppConfig


class OdopBazaarConfig(AppConfig):
    name = "odop_bazaar"
    verbose_name = "ODOP Bazaar"
