"""Writes to the catalogue: a listing's life and photos, the ODOP registry, the search index.

Callers write `from catalog import services` and call `services.approve_listing(...)`.
"""

from .lifecycle import (
    LISTING_TRANSITIONS,
    approve_listing,
    create_listing,
    gst_rate_for,
    pause_listing,
    reject_gi_claim,
    reject_listing,
    resume_listing,
    submit_listing,
    update_listing,
    verify_gi_claim,
)
from .photos import (
    MAX_PHOTOS,
    add_listing_photos,
    build_renditions,
    delete_listing_photo,
    move_listing_photo,
    process_listing_photo,
    set_main_listing_photo,
)
from .registry import (
    STORY_FIELDS,
    edit_odop_product,
    sync_listings_with_products,
    update_odop_product_story,
)
from .search_index import refresh_search_index

__all__ = [
    "STORY_FIELDS",
    "edit_odop_product",
    "update_odop_product_story",
    "sync_listings_with_products",
    "LISTING_TRANSITIONS",
    "MAX_PHOTOS",
    "add_listing_photos",
    "approve_listing",
    "build_renditions",
    "process_listing_photo",
    "create_listing",
    "delete_listing_photo",
    "gst_rate_for",
    "move_listing_photo",
    "pause_listing",
    "refresh_search_index",
    "reject_listing",
    "resume_listing",
    "set_main_listing_photo",
    "submit_listing",
    "update_listing",
    "reject_gi_claim",
    "verify_gi_claim",
]
