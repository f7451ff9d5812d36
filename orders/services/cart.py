"""The cart: in the session for visitors, in the database for buyers, merged at login."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.models import Listing

from ..carts import CartStore
from ..errors import ListingUnavailable, OutOfStock

MAX_QUANTITY = 99


def _buyable_listing(listing_id: int) -> Listing:
    listing = Listing.objects.live().filter(pk=listing_id).first()
    if listing is None:
        raise ListingUnavailable(_("This product is no longer on sale."))
    return listing


def _check_stock(listing: Listing, quantity: int) -> None:
    if quantity > listing.stock:
        if listing.stock == 0:
            raise OutOfStock(_("“%(title)s” is out of stock.") % {"title": listing.title})
        raise OutOfStock(
            ngettext(
                "Only %(count)d of “%(title)s” is left.",
                "Only %(count)d of “%(title)s” are left.",
                listing.stock,
            )
            % {"count": listing.stock, "title": listing.title}
        )
    if quantity > MAX_QUANTITY:
        raise OutOfStock(_("At most %(max)d of one product per order.") % {"max": MAX_QUANTITY})


@transaction.atomic
def add_to_cart(*, cart: CartStore, listing_id: int, quantity: int = 1) -> int:
    """Add `quantity` of a live listing, never past its stock; returns the new quantity."""
    listing = _buyable_listing(listing_id)
    current = {line.listing_id: line.quantity for line in cart.stored_lines()}
    new_quantity = current.get(listing_id, 0) + quantity
    _check_stock(listing, new_quantity)
    # The first price the buyer saw is kept, so checkout can say if it has moved since.
    price = None if listing_id in current else listing.price
    cart.put(listing_id=listing_id, quantity=new_quantity, price=price)
    return new_quantity


@transaction.atomic
def set_quantity(*, cart: CartStore, listing_id: int, quantity: int) -> None:
    """Change a line's quantity, within stock; 0 removes the line."""
    if quantity <= 0:
        cart.remove(listing_id=listing_id)
        return
    if listing_id not in {line.listing_id for line in cart.stored_lines()}:
        raise ListingUnavailable(_("This product is not in your cart."))
    _check_stock(_buyable_listing(listing_id), quantity)
    cart.put(listing_id=listing_id, quantity=quantity, price=None)


@transaction.atomic
def remove_from_cart(*, cart: CartStore, listing_id: int) -> None:
    cart.remove(listing_id=listing_id)


@transaction.atomic
def merge_carts(*, source: CartStore, target: CartStore) -> None:
    """Move a visitor's lines into the buyer's cart at login; quantities add up, capped by stock."""
    lines = source.stored_lines()
    if not lines:
        return
    existing = {line.listing_id: line for line in target.stored_lines()}
    stock = dict(
        Listing.objects.live()
        .filter(pk__in=[line.listing_id for line in lines])
        .values_list("pk", "stock")
    )
    for line in lines:
        if line.listing_id not in stock:
            continue
        kept = existing.get(line.listing_id)
        quantity = min(
            line.quantity + (kept.quantity if kept else 0), stock[line.listing_id], MAX_QUANTITY
        )
        if quantity > 0:
            target.put(
                listing_id=line.listing_id,
                quantity=quantity,
                price=None if kept else line.price_when_added,
            )
    source.clear()
