from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    """The curators' workspace at /curate/: built on top of the other apps, never under them."""

    name = "curation"
    verbose_name = _("Curation")
