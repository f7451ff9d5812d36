"""Reads for seller pages: onboarding progress, the dashboard, the curator's queue."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.models import Listing, ListingImage
from districts.models import District

from .models import ProducerStory, Seller


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    is_done: Callable[[Seller], bool]


# The onboarding steps, in order. "Done" is read from the saved profile, so a seller who
# stops half-way comes back to the first step still missing.
STEPS: tuple[Step, ...] = (
    Step("about", _("About you"), lambda s: bool(s.pk and s.display_name and s.mobile)),
    Step("products", _("Your ODOP products"), lambda s: bool(s.product_ids)),
    Step("address", _("Address"), lambda s: bool(s.address and s.pin_code)),
    Step("tax", _("PAN, GST and Udyam"), lambda s: bool(s.pan and s.udyam_number)),
    Step("bank", _("Bank account"), lambda s: bool(s.bank_account_number and s.ifsc)),
    Step("documents", _("Identity documents"), lambda s: bool(s.document_count)),
)
STEP_SLUGS = [step.slug for step in STEPS]


@dataclass(frozen=True)
class StepState:
    slug: str
    title: str | Promise
    is_done: bool


@dataclass(frozen=True)
class OnboardingProgress:
    steps: list[StepState]

    @property
    def missing(self) -> list[StepState]:
        return [step for step in self.steps if not step.is_done]

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def next_step(self) -> str | None:
        return self.missing[0].slug if self.missing else None


def onboarding_progress(*, seller: Seller | None) -> OnboardingProgress:
    """Which onboarding steps the seller has completed (two queries)."""
    if seller is None:
        return OnboardingProgress([StepState(s.slug, s.title, False) for s in STEPS])
    seller.product_ids = list(seller.odop_products.values_list("pk", flat=True))  # type: ignore[attr-defined]
    seller.document_count = seller.documents.count()  # type: ignore[attr-defined]
    return OnboardingProgress([StepState(s.slug, s.title, s.is_done(seller)) for s in STEPS])


def seller_for_user(*, user: object) -> Seller | None:
    """The logged-in user's seller profile with its district and state, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Seller.objects.select_related("district__state").filter(user=user).first()


def seller_listings(*, seller: Seller) -> QuerySet[Listing]:
    """The seller's own listings for the dashboard, newest first, with their main photo."""
    return (
        Listing.objects.filter(seller=seller)
        .select_related("odop_product", "category")
        .prefetch_related(
            Prefetch("images", queryset=ListingImage.objects.order_by("position", "pk"))
        )
        .order_by("-created_at", "-pk")
    )


def low_stock_count(*, seller: Seller) -> int:
    """How many of the seller's listings are in stock but at or under the low-stock mark."""
    return Listing.objects.filter(
        seller=seller, stock__gt=0, stock__lte=settings.LOW_STOCK_THRESHOLD
    ).count()


def listing_photos(*, listing: Listing) -> list[ListingImage]:
    """Every photo, processing and failed ones too: the seller sees them and can remove them."""
    return list(ListingImage.all_objects.filter(listing=listing))


def published_producer_stories(*, district: District, limit: int = 6) -> list[ProducerStory]:
    """Producer stories to show on a district storefront: published, with consent, of
    verified sellers of the district, newest first."""
    return list(
        ProducerStory.objects.filter(
            seller__district=district,
            seller__status=Seller.Status.VERIFIED,
            status=ProducerStory.Status.PUBLISHED,
            has_consent=True,
        )
        .select_related("seller", "photo")
        .order_by("-published_at", "-pk")[:limit]
    )


def pending_producer_stories() -> QuerySet[ProducerStory]:
    """Stories waiting for a curator, oldest first."""
    return (
        ProducerStory.objects.filter(status=ProducerStory.Status.PENDING, has_consent=True)
        .select_related("seller__district__state", "photo")
        .order_by("submitted_at", "pk")
    )


def producer_story_for(*, seller: Seller) -> ProducerStory | None:
    return ProducerStory.objects.select_related("photo").filter(seller=seller).first()
