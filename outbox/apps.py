from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Durable e-mail: a row per message, written with the event, sent and retried from here."""

    name = "outbox"
    verbose_name = _("E-mail outbox")
