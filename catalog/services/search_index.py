"""The search document (and, on PostgreSQL, the vector) of listings."""

from collections.abc import Iterable

from django.db import transaction

from ..models import Listing
from ..search import search_vector_expression, uses_postgres_search


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
