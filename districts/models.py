import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.images import HasRenditions, PhotoStatus

from .errors import HindiNameNotReviewable


def uuid_hex() -> str:
    return uuid.uuid4().hex


def story_photo_field(verbose_name: str) -> models.ForeignKey:
    """A link to a StoryPhoto (a hero photo, a producer's portrait); the photo may go."""
    return models.ForeignKey(
        "districts.StoryPhoto",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def is_hindi() -> bool:
    return (get_language() or "").startswith("hi")


def localised(obj: object, field: str) -> str:
    """`field_hi` on Hindi pages when it is written, `field` otherwise."""
    if is_hindi():
        value = getattr(obj, f"{field}_hi", "")
        if value:
            return value
    return getattr(obj, field)


class LocalisedNameMixin:
    """`display_name` picks the Hindi name on Hindi pages when one is known."""

    name: str
    name_hi: str

    @property
    def display_name(self) -> str:
        return localised(self, "name")


class HindiNameReview(models.Model):
    """A curator's review of `name_hi`: once confirmed or corrected, the name is the curator's
    and the reference-data loader (and the ODOP import) never write over it."""

    name_hi_reviewed_at = models.DateTimeField(_("Hindi name reviewed at"), null=True, blank=True)
    name_hi_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Hindi name reviewed by"),
    )

    class Meta:
        abstract = True

    @property
    def is_name_hi_reviewed(self) -> bool:
        return self.name_hi_reviewed_at is not None

    def review_name_hi(self, *, by: models.Model, name_hi: str | None = None) -> None:
        """Mark the Hindi name reviewed by `by`, writing `name_hi` first when it is given (a
        correction, allowed any time); confirming as it is needs an unreviewed, non-empty name.
        Raises HindiNameNotReviewable."""
        if name_hi is None and not self.name_hi:
            raise HindiNameNotReviewable(
                _("%(name)s has no Hindi name yet: write one.") % {"name": self.name}
            )
        if name_hi is None and self.is_name_hi_reviewed:
            raise HindiNameNotReviewable(
                _("The Hindi name of %(name)s was reviewed already.") % {"name": self.name}
            )
        fields = ["name_hi_reviewed_at", "name_hi_reviewed_by"]
        if name_hi is not None:
            self.name_hi = name_hi
            fields.append("name_hi")
        self.name_hi_reviewed_at = timezone.now()
        self.name_hi_reviewed_by = by
        self.save(update_fields=fields)


class State(LocalisedNameMixin, HindiNameReview):
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


class District(LocalisedNameMixin, HindiNameReview):
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
    story_hi = models.TextField(
        _("story in Hindi"), blank=True, help_text=_("Shown on Hindi pages; English otherwise.")
    )
    hero_photo = story_photo_field(_("hero photo"))
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

    @property
    def display_story(self) -> str:
        """The Hindi story on Hindi pages when written, the English one otherwise."""
        return localised(self, "story")

    @property
    def story_is_fallback(self) -> bool:
        """A Hindi page shows the English story (so it can carry lang="en")."""
        return is_hindi() and not self.story_hi and bool(self.story)


def story_photo_path(instance: "StoryPhoto", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"stories/{instance.token}.{extension}"


class StoryPhoto(HasRenditions, models.Model):
    """A photo on a story card: a district's or ODOP product's hero, a producer's portrait.

    Checked from its header on upload (catalog.images.check_upload) and kept raw in private
    storage while "processing"; districts.tasks cleans it (catalog.images.clean_upload) and
    makes its renditions after commit. Pages show it only once `is_public`.
    """

    token = models.CharField(max_length=32, default=uuid_hex, editable=False)
    image = models.ImageField(
        _("photo"),
        upload_to=story_photo_path,
        width_field="width",
        height_field="height",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PhotoStatus.choices, default=PhotoStatus.READY
    )
    raw_name = models.CharField(max_length=200, blank=True, editable=False)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("description for screen readers"), max_length=200, blank=True)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story photo")

    def __str__(self) -> str:
        return self.alt_text or f"Story photo {self.pk}"


class FeaturedListing(models.Model):
    """A listing a curator puts first on its district's storefront, in a chosen order.

    Only live listings show; a featured listing that is paused or taken down stays in the
    list (so it comes back in place) but the storefront skips it.
    """

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="featured_listings"
    )
    listing = models.ForeignKey(
        "catalog.Listing", on_delete=models.CASCADE, related_name="features"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("featured listing")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "listing"], name="featured_listing_unique_in_district"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.listing_id} in {self.district_id}"
