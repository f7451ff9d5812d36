"""Stock moves only by conditional updates, so it never goes below zero under any concurrency."""

from django.db.models import F
from django.utils.translation import gettext as _

from catalog.models import Listing
from catalog.page_scopes import stock_moved

from ..errors import OutOfStock


def reserve_stock(*, quantities: dict[int, int], titles: dict[int, str]) -> None:
    """Take every quantity or raise OutOfStock; caller holds a transaction that rolls back.

    Rows are updated in primary-key order: two checkouts sharing listings then lock them in the
    same order and cannot deadlock.
    """
    for listing_id in sorted(quantities):
        quantity = quantities[listing_id]
        updated = Listing.objects.filter(pk=listing_id, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if not updated:
            raise OutOfStock(
                _("“%(title)s” sold out while you were checking out; no order was placed.")
                % {"title": titles.get(listing_id, listing_id)}
            )
    stock_moved(listing_ids=quantities)


def release_stock(*, quantities: dict[int, int]) -> None:
    """Give quantities back; caller guarantees this runs once (a conditional status change)."""
    for listing_id in sorted(quantities):
        Listing.objects.filter(pk=listing_id).update(stock=F("stock") + quantities[listing_id])
    stock_moved(listing_ids=quantities)
