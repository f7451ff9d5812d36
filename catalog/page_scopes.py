"""Which cached storefront pages a change to listings makes stale (see odop_bazaar.page_cache).

A listing's card shows on its own page and on the lists of its district, state, category and
ODOP product, on the home page and in search. A change to what a listing is (title, price,
photos, status) can move it in or out of those lists, so it bumps all of them; a stock move by
an order changes only what its card says, so it bumps the listing's own scope, which every page
showing the card depends on.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from odop_bazaar.page_cache import HOME, SEARCH, bump, bump_on_commit, depends_on

from .models import Listing


def listing_scope(listing_id: int) -> str:
    return f"listing:{listing_id}"


def district_scope(district_id: int) -> str:
    return f"district:{district_id}"


def state_scope(state_id: int) -> str:
    return f"state:{state_id}"


def category_scope(category_id: int) -> str:
    return f"category:{category_id}"


def product_scope(odop_product_id: int) -> str:
    return f"product:{odop_product_id}"


def depends_on_listings(request: HttpRequest, listings: Iterable[Listing]) -> None:
    """The page shows these listings' cards."""
    depends_on(request, *(listing_scope(listing.pk) for listing in listings))


def _scopes_of(rows: Iterable[dict[str, Any]]) -> set[str]:
    scopes = set()
    for row in rows:
        scopes |= {
            listing_scope(row["pk"]),
            district_scope(row["district_id"]),
            state_scope(row["district__state_id"]),
            category_scope(row["category_id"]),
        }
        if row["odop_product_id"]:
            scopes.add(product_scope(row["odop_product_id"]))
    return scopes | {HOME, SEARCH} if scopes else scopes


def _rows(listings: Any) -> Iterable[dict[str, Any]]:
    return listings.values(
        "pk", "district_id", "district__state_id", "category_id", "odop_product_id"
    )


def listings_changed(*, listing_ids: Iterable[int] = (), seller_id: int | None = None) -> None:
    """What these listings (or all of a seller's) are changed: after commit, every list that
    shows or could show them is stale."""
    ids = list(listing_ids)

    def after_commit() -> None:
        listings = Listing._base_manager.all()
        if seller_id is not None:
            listings = listings.filter(seller_id=seller_id)
        else:
            listings = listings.filter(pk__in=ids)
        bump(*_scopes_of(_rows(listings)))

    transaction.on_commit(after_commit)


def stock_moved(*, listing_ids: Iterable[int]) -> None:
    """Orders took or gave back stock: after commit, the cards of these listings are stale."""
    bump_on_commit(*(listing_scope(pk) for pk in listing_ids))


def listing_saved(*, instance: Listing, **_signal_kwargs: Any) -> None:
    """post_save/post_delete of a listing (admin, factories, services alike). Bumped at once
    and again after commit: a page built between the two may have read the rows before it."""
    state_id = instance.district.state_id if instance.district_id else None
    row = {
        "pk": instance.pk,
        "district_id": instance.district_id,
        "district__state_id": state_id,
        "category_id": instance.category_id,
        "odop_product_id": instance.odop_product_id,
    }
    scopes = _scopes_of([row])
    bump(*scopes)
    bump_on_commit(*scopes)


def photo_saved(*, instance: Any, **_signal_kwargs: Any) -> None:
    """post_save/post_delete of a listing's photo: the card's main photo may have changed."""
    listings_changed(listing_ids=[instance.listing_id])


def seller_saved(*, instance: Any, **_signal_kwargs: Any) -> None:
    """A seller's name and status show with every one of their listings."""
    listings_changed(seller_id=instance.pk)


def featured_listing_saved(*, instance: Any, **_signal_kwargs: Any) -> None:
    """A district's featured listings lead its storefront and the home page's districts."""
    scopes = (district_scope(instance.district_id), listing_scope(instance.listing_id), HOME)
    bump(*scopes)
    bump_on_commit(*scopes)
