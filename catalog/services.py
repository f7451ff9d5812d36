"""Writes to the catalogue. Each public function is one transaction."""

from collections.abc import Iterable

from django.db import transaction

from odop_bazaar.page_cache import bump_storefront_version

from .images import make_renditions
from .models import Listing, ListingImage, OdopProduct
from .search import search_vector_expression, uses_postgres_search


@transaction.atomic
def refresh_search_index(*, listing_ids: Iterable[int]) -> None:
    """Rebuild the search document (and, on PostgreSQL, the vector) of these listings."""
    ids = list(listing_ids)
    listings = list(
        Listing.objects.filter(pk__in=ids).select_related(
            "seller", "odop_product", "category", "district__state"
        )
    )
    for listing in listings:
        listing.search_document = listing.build_search_document()
    Listing.objects.bulk_update(listings, ["search_document"], batch_size=1000)
    if uses_postgres_search():
        Listing.objects.filter(pk__in=ids).update(search_vector=search_vector_expression())


def build_renditions(*, image_id: int) -> bool:
    """Make the renditions of one photo once; returns False if gone or already done."""
    image = ListingImage.objects.filter(pk=image_id).first()
    if image is None or image.has_renditions:
        return False  # deleted meanwhile, or a repeat delivery of the task
    stem = image.image.name.rsplit(".", 1)[0]
    renditions = make_renditions(source_name=image.image.name, stem=stem)
    # Conditional update: if two workers raced, the first one's files win and stay referenced.
    if ListingImage.objects.filter(pk=image_id, renditions={}).update(renditions=renditions):
        # A queryset update sends no post_save: tell the page cache that cards changed.
        transaction.on_commit(bump_storefront_version)
    return True


STORY_FIELDS = (
    "story",
    "story_hi",
    "craft",
    "craft_hi",
    "community",
    "community_hi",
    "gi_application_number",
    "gi_source_name",
    "gi_source_url",
)


@transaction.atomic
def update_odop_product_story(*, product: OdopProduct, data: dict[str, str]) -> OdopProduct:
    """Save the product's story card (texts in English and Hindi, GI facts); plain text."""
    unknown = set(data) - set(STORY_FIELDS)
    if unknown:
        raise ValueError(f"not story fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(product, field, (value or "").strip())
    product.save(update_fields=list(data))
    return product
