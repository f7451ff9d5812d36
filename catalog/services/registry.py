"""The ODOP registry: a curator's edits to ODOP products, and listings brought along."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import OdopProductNameTaken
from ..models import Category, Listing, OdopProduct
from .search_index import refresh_search_index


def sync_listings_with_products(*, product_ids: list[int]) -> None:
    """Listings carry their ODOP product's category, and its name in their search document:
    bring them along after the products changed. Caller holds the transaction."""
    if not product_ids:
        return
    for product_id, category_id in OdopProduct.objects.filter(pk__in=product_ids).values_list(
        "pk", "category_id"
    ):
        Listing.objects.filter(odop_product_id=product_id).exclude(category_id=category_id).update(
            category_id=category_id
        )
    refresh_search_index(
        listing_ids=Listing.objects.filter(odop_product_id__in=product_ids).values_list(
            "pk", flat=True
        )
    )


@transaction.atomic
def edit_odop_product(
    *, product: OdopProduct, values: dict[str, Any], release: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """Set a curator's values on an ODOP product (the category follows the sector) and mark
    the changed fields as the curator's, so that no list import or loader run writes them
    again; `release` hands fields back to the official list. Returns {field: [before, after]}
    of what changed (curated_fields included); raises OdopProductNameTaken."""
    product = OdopProduct.objects.select_for_update().get(pk=product.pk)
    changes = {}
    for name, value in values.items():
        before = getattr(product, name)
        if before != value:
            changes[name] = [before, value]
            setattr(product, name, value)
    if (
        "name" in changes
        and OdopProduct.objects.filter(district_id=product.district_id, name=product.name)
        .exclude(pk=product.pk)
        .exists()
    ):
        raise OdopProductNameTaken(
            _("%(district)s already has an ODOP product named %(name)s.")
            % {"district": product.district.name, "name": product.name}
        )
    curated = sorted((set(product.curated_fields) | set(changes)) - set(release))
    if curated != sorted(product.curated_fields):
        changes["curated_fields"] = [sorted(product.curated_fields), curated]
        product.curated_fields = curated
    if not changes:
        return {}
    fields = set(changes)
    if "sector" in changes:
        product.category = Category.objects.get(sector=product.sector)
        fields.add("category")
    product.save(update_fields=sorted(fields))
    if {"name", "sector"} & set(changes):
        sync_listings_with_products(product_ids=[product.pk])
    return changes


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
