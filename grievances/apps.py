from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    """Complaints to the grievance officer (Consumer Protection (E-Commerce) Rules, 2020, rule 4)."""

    name = "grievances"
    verbose_name = _("Grievances")

    def ready(self) -> None:
        from outbox.services import register

        from . import services

        register(services.OUTBOX_KIND, services.render_notification, services.mark_sent)
