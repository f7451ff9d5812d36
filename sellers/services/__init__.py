"""Writes for sellers: onboarding and KYC, verification, and their listings.

Callers write `from sellers import services` and call `services.verify_seller(...)`.
"""

from .listings import (
    LISTING_TRANSITIONS,
    MAX_PHOTOS,
    add_listing_photos,
    approve_listing,
    create_listing,
    delete_listing_photo,
    move_listing_photo,
    pause_listing,
    reject_listing,
    resume_listing,
    set_main_listing_photo,
    submit_listing,
    update_listing,
    verify_gi_claim,
)
from .onboarding import add_document, remove_document, start_onboarding, update_profile
from .stories import (
    publish_producer_story,
    reject_producer_story,
    save_producer_story,
    withdraw_producer_story_consent,
)
from .verification import (
    SELLER_TRANSITIONS,
    reinstate_seller,
    reject_seller,
    submit_for_verification,
    suspend_seller,
    transition_seller,
    verify_seller,
)

__all__ = [
    "LISTING_TRANSITIONS",
    "MAX_PHOTOS",
    "SELLER_TRANSITIONS",
    "add_document",
    "add_listing_photos",
    "approve_listing",
    "create_listing",
    "delete_listing_photo",
    "move_listing_photo",
    "pause_listing",
    "publish_producer_story",
    "reinstate_seller",
    "reject_listing",
    "reject_producer_story",
    "reject_seller",
    "remove_document",
    "resume_listing",
    "save_producer_story",
    "set_main_listing_photo",
    "start_onboarding",
    "submit_for_verification",
    "submit_listing",
    "suspend_seller",
    "transition_seller",
    "update_listing",
    "update_profile",
    "verify_gi_claim",
    "verify_seller",
    "withdraw_producer_story_consent",
]
