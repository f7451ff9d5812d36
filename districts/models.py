from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocalisedNameMixin:
    """`display_name` picks the Hindi name on Hindi pages when one is known."""

    name: str
    name_hi: str

    @property
    def display_name(self) -> str:
        if self.name_hi and (get_language() or "").startswith("hi"):
            return self.name_hi
        return self.name


class State(LocalisedNameMixin, models.Model):
    """A state or union territory, keyed by its LGD code."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        UNION_TERRITORY = "ut", _("Union territory")

    lgd_code = models.PositiveIntegerField(_("LGD state code"), unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    gst_code = models.CharField(
        _("GST state code"), max_length=2, unique=True, help_text=_("First two digits of a GSTIN.")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_hi = models.CharField(_("name in Hindi"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    # Union territories without a legislature charge UTGST instead of SGST.
    uses_utgst = models.BooleanField(_("charges UTGST"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("state or union territory")
        verbose_name_plural = _("states and union territories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("districts:state-detail", kwargs={"slug": self.slug})


class District(LocalisedNameMixin, models.Model):
    """A district, keyed by its LGD code; its storefront lives at /districts/<slug>/."""

    lgd_code = models.PositiveIntegerField(_("LGD district code"), unique=True)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=100)
    name_hi = models.CharField(_("name in Hindi"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    census2011_code = models.PositiveIntegerField(_("Census 2011 code"), null=True, blank=True)
    has_map_shape = models.BooleanField(_("has a map shape"), default=False)
    story = models.TextField(
        _("story"), blank=True, help_text=_("Written by curators; shown on the storefront.")
    )
    is_featured = models.BooleanField(_("featured on the home page"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["state", "name"], name="district_name_unique_in_state")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state.name}"

    def get_absolute_url(self) -> str:
        return reverse("districts:district-detail", kwargs={"slug": self.slug})
