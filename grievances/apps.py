from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    """Complaints to the grievance officer (Consumer Protection (E-Commerce) Rules, 2020, rule 4)."""

    name = "grievances"
    verbose_name = _("Grievances")
