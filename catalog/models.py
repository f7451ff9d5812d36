import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from districts.models import (
    HindiNameReview,
    LocalisedNameMixin,
    is_hindi,
    localised,
    story_photo_field,
)
from odop_bazaar.status_history import StatusChange

from .images import HasRenditions, PhotoStatus
from .querysets import ListingQuerySet


class Category(LocalisedNameMixin, HindiNameReview):
    """A buyer-facing category, derived from the sectors of the ODOP list."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_hi = models.CharField(_("name in Hindi"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sector = models.CharField(_("ODOP sector"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:category-detail", kwargs={"slug": self.slug})


class GstRateQuerySet(models.QuerySet):
    def in_force(self, on: date | None = None) -> "GstRateQuerySet":
        """Rates a seller may charge on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=on), effective_from__lte=on
        )


class GstRate(models.Model):
    """A GST rate and the dates it applies; rates are data because they change (22 Sept 2025)."""

    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)

    objects = GstRateQuerySet.as_manager()

    class Meta:
        ordering = ["effective_from", "rate"]
        verbose_name = _("GST rate")
        constraints = [
            models.UniqueConstraint(fields=["rate", "effective_from"], name="gst_rate_unique_from"),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=100), name="gst_rate_range"
            ),
        ]

    def __str__(self) -> str:
        until = self.effective_until.isoformat() if self.effective_until else "…"
        return f"{self.display_rate}% ({self.effective_from.isoformat()} to {until})"

    @property
    def display_rate(self) -> str:
        """`5`, `0.25`, `40`: the rate without trailing zeros."""
        return f"{self.rate:f}".rstrip("0").rstrip(".")


class GstRateRule(models.Model):
    """The GST rate of goods whose HSN code starts with `hsn_prefix`, over a span of dates.

    Apparel and footwear have a price threshold per piece: `rate` up to it, `rate_above` over
    it. Rows come from fixtures/gst_rate_rules.csv (see catalog.gst_rules); each names the
    notification it comes from.
    """

    hsn_prefix = models.CharField(_("HSN code prefix"), max_length=8)
    description = models.CharField(_("description"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    threshold = models.DecimalField(
        _("price threshold per piece (₹)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rate_above = models.DecimalField(
        _("rate above the threshold (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    notification = models.CharField(_("source notification"), max_length=120)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["hsn_prefix", "effective_from"]
        verbose_name = _("GST rate rule")
        constraints = [
            models.UniqueConstraint(
                fields=["hsn_prefix", "effective_from"], name="gst_rule_unique_from"
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=100), name="gst_rule_rate_range"
            ),
            models.CheckConstraint(
                condition=Q(threshold__isnull=True, rate_above__isnull=True)
                | Q(threshold__gt=0, rate_above__gte=0, rate_above__lte=100),
                name="gst_rule_threshold_with_rate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hsn_prefix}: {self.description} (from {self.effective_from.isoformat()})"


# Sectors whose ODOP products are grown, not made.
CROP_SECTORS = {"Agriculture"}


@dataclass(frozen=True)
class StorySection:
    heading: str
    text: str
    lang: str  # "en" when a Hindi page falls back to the English text, else ""


class OdopProduct(LocalisedNameMixin, HindiNameReview):
    """One entry of the official ODOP list: a product chosen for a district.

    `curated_fields` names the official fields a curator has edited: the reference-data loader
    and the import of an updated list leave those alone (see catalog.odop_list).
    """

    class Rank(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        TERTIARY = "tertiary", _("Tertiary")
        OTHERS = "others", _("Others")

    odop_id = models.CharField(_("ODOP id"), max_length=12, unique=True)
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="odop_products"
    )
    name = models.CharField(_("name"), max_length=120)
    name_hi = models.CharField(_("name in Hindi"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=40)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="odop_products")
    rank = models.CharField(_("rank in the district"), max_length=10, choices=Rank.choices)
    is_gi_tagged = models.BooleanField(_("GI-tagged"), default=False, db_index=True)
    ministry = models.CharField(_("ministry or department"), max_length=120, blank=True)
    # The story card, written by curators: English, and Hindi where written.
    story = models.TextField(_("history"), blank=True)
    story_hi = models.TextField(_("history in Hindi"), blank=True)
    craft = models.TextField(_("the craft or crop"), blank=True)
    craft_hi = models.TextField(_("the craft or crop in Hindi"), blank=True)
    community = models.TextField(_("the community"), blank=True)
    community_hi = models.TextField(_("the community in Hindi"), blank=True)
    gi_application_number = models.CharField(
        _("GI application number"),
        max_length=20,
        blank=True,
        help_text=_("The Geographical Indications Registry's application (registration) number."),
    )
    gi_source_name = models.CharField(_("GI source"), max_length=200, blank=True)
    gi_source_url = models.URLField(_("GI source address"), max_length=300, blank=True)
    hero_photo = story_photo_field(_("hero photo"))
    curated_fields = models.JSONField(
        _("fields a curator has set"),
        default=list,
        blank=True,
        help_text=_("The loader and the ODOP list import never overwrite these."),
    )
    list_imported_at = models.DateTimeField(
        _("last changed by an ODOP list import"),
        null=True,
        blank=True,
        help_text=_(
            "Once set, the imported list (not fixtures/) is this product's official source."
        ),
    )

    class Meta:
        ordering = ["district__name", "rank", "name"]
        verbose_name = _("ODOP product")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="odop_product_unique_in_district"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.district.name})"

    def get_absolute_url(self) -> str:
        return reverse("catalog:product-detail", kwargs={"slug": self.slug})

    @property
    def display_ministry(self) -> str:
        """The promoting ministry in the page's language (see catalog.ministries)."""
        from .ministries import ministry_name

        return ministry_name(self.ministry)

    @property
    def story_sections(self) -> list[StorySection]:
        """The written parts of the story card, each in Hindi on Hindi pages when written."""
        headings = [
            ("story", _("History")),
            ("craft", _("The crop") if self.sector in CROP_SECTORS else _("The craft")),
            ("community", _("The community")),
        ]
        sections = []
        for field, heading in headings:
            text = localised(self, field)
            if text:
                fallback = is_hindi() and not getattr(self, f"{field}_hi")
                sections.append(StorySection(heading, text, "en" if fallback else ""))
        return sections

    @property
    def has_gi_facts(self) -> bool:
        return self.is_gi_tagged or bool(self.gi_application_number)


class Listing(models.Model):
    """A seller's offer of one ODOP product of its district, with price and stock."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        LIVE = "live", _("Live")
        REJECTED = "rejected", _("Rejected")
        PAUSED = "paused", _("Paused")

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="listings")
    odop_product = models.ForeignKey(OdopProduct, on_delete=models.PROTECT, related_name="listings")
    # Always the seller's district (and the ODOP product's); kept here so storefront and
    # search filters use one indexed column instead of two joins.
    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="listings"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="listings")
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(_("price (₹, GST included)"), max_digits=12, decimal_places=2)
    mrp = models.DecimalField(_("MRP (₹)"), max_digits=12, decimal_places=2)
    stock = models.PositiveIntegerField(_("stock"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_featured = models.BooleanField(_("featured on the district storefront"), default=False)
    featured_position = models.PositiveSmallIntegerField(_("featured position"), default=0)
    hsn_code = models.CharField(_("HSN code"), max_length=8)
    gst_rate = models.DecimalField(_("GST rate (%)"), max_digits=5, decimal_places=2)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), default=500)
    country_of_origin = models.CharField(_("country of origin"), max_length=60, default="India")
    gi_authorised_user_number = models.CharField(
        _("GI authorised-user number"), max_length=40, blank=True
    )
    gi_verified_at = models.DateTimeField(_("GI claim verified at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Place and product names in English and Hindi, so one column carries what search needs.
    search_document = models.TextField(editable=False, blank=True)
    # Filled on PostgreSQL only (see catalog.search); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="listing_price_positive"),
            models.CheckConstraint(
                condition=Q(mrp__gte=models.F("price")), name="listing_mrp_at_least_price"
            ),
            models.CheckConstraint(
                condition=Q(gst_rate__gte=0) & Q(gst_rate__lte=100), name="listing_gst_rate_range"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "district", "-is_featured"], name="listing_storefront_idx"
            ),
            models.Index(fields=["status", "price"], name="listing_status_price_idx"),
            models.Index(fields=["status", "-created_at"], name="listing_status_new_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if not self.slug:
            self.slug = slugify(self.title)[:160] or "listing"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:listing-detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def display_country_of_origin(self) -> str:
        """ "India" in the page's language; another country as the seller wrote it."""
        if self.country_of_origin.strip().lower() == "india":
            return _("India")
        return self.country_of_origin

    @property
    def is_in_stock(self) -> bool:
        return self.stock > 0

    @property
    def is_low_stock(self) -> bool:
        return 0 < self.stock <= settings.LOW_STOCK_THRESHOLD

    @property
    def discount_percent(self) -> int:
        """Whole percent off MRP, rounded down so we never overstate a discount."""
        if not self.mrp or self.mrp <= self.price:
            return 0
        return int((self.mrp - self.price) * 100 / self.mrp)

    @property
    def shows_gi_badge(self) -> bool:
        """Only a GI product whose seller's authorised-user number a curator verified."""
        return self.odop_product.is_gi_tagged and self.gi_verified_at is not None

    @property
    def main_image(self) -> "ListingImage | None":
        images = list(self.images.all())  # prefetched by with_card_data(); ordered by position
        return images[0] if images else None

    def build_search_document(self) -> str:
        """The title and the names a buyer may type to find this listing (not the description)."""
        product = self.odop_product
        district = self.district
        state = district.state
        parts = [
            self.title,
            product.name,
            product.name_hi,
            district.name,
            district.name_hi,
            state.name,
            state.name_hi,
            self.category.name,
            self.category.name_hi,
            self.seller.display_name,
        ]
        return " ".join(p for p in parts if p)


def new_token() -> str:
    return uuid.uuid4().hex


def listing_image_path(instance: "ListingImage", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"listings/{instance.listing_id}/{instance.token}.{extension}"


class PublicPhotoManager(models.Manager):
    """The default manager, so `listing.images` and every prefetch of it (cards, listing
    pages, curator pages, the dashboard) read only ready photos with a public file."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(status=PhotoStatus.READY)


class ListingImage(HasRenditions, models.Model):
    """A photo of a listing; the lowest position is the main photo.

    An upload is "processing" (raw file in private storage, `raw_name`, no `image` yet) until
    catalog.tasks.process_listing_image_upload cleans it; "failed" if it did not decode.
    """

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="images")
    token = models.CharField(max_length=32, default=new_token, editable=False)
    image = models.ImageField(
        _("photo"),
        upload_to=listing_image_path,
        width_field="width",
        height_field="height",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PhotoStatus.choices, default=PhotoStatus.READY
    )
    # The raw upload in catalog.images.upload_storage() while processing; empty after.
    raw_name = models.CharField(max_length=200, blank=True, editable=False)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    alt_text = models.CharField(_("description for screen readers"), max_length=200, blank=True)
    # {"webp": {"320": "listings/1/ab-320.webp", ...}, "jpeg": {...}}, filled by a Celery task.
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PublicPhotoManager()  # first: the default manager, and `listing.images`
    all_objects = models.Manager()  # noqa: DJ012 - processing and failed too: the photos page

    class Meta:
        ordering = ["position", "pk"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"Photo {self.position} of {self.listing_id}"


class ListingStatusChange(StatusChange):
    """A step of a listing's moderation history (GI verifications included)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("listing status change")

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.from_status} → {self.to_status}"


class OdopListImport(models.Model):
    """An uploaded ODOP list, kept from its preview to its apply so that apply writes exactly
    the file the curator previewed (see catalog.odop_import)."""

    file_name = models.CharField(_("file name"), max_length=200)
    content = models.TextField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # What the apply did: {"created": [odop_id, ...], "updated": {odop_id: {field: [old, new]}}}.
    applied_changes = models.JSONField(_("changes applied"), default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("ODOP list import")

    def __str__(self) -> str:
        return self.file_name
