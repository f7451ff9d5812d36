"""Writes for sellers: onboarding and KYC, verification, and their listings.

Callers write `from sellers import services` and call `services.verify_seller(...)`.
"""

from .change_requests import apply_change_request, reject_change_request, request_change
from .listings import (
    LISTING_TRANSITIONS,
    MAX_PHOTOS,
    add_listing_photos,
    approve_listing,
    create_listing,
    delete_listing_photo,
    move_listing_photo,
    pause_listing,
    reject_gi_claim,
    reject_listing,
    resume_listing,
    set_main_listing_photo,
    submit_listing,
    update_listing,
    verify_gi_claim,
)
from .onboarding import add_document, remove_document, start_onboarding, update_profile
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
    "apply_change_request",
    "approve_listing",
    "create_listing",
    "delete_listing_photo",
    "move_listing_photo",
    "pause_listing",
    "reinstate_seller",
    "reject_change_request",
    "reject_gi_claim",
    "reject_listing",
    "reject_seller",
    "remove_document",
    "request_change",
    "resume_listing",
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
]
