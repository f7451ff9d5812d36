"""Writes for sellers: onboarding and KYC, and verification (listings: catalog.services).

Callers write `from sellers import services` and call `services.verify_seller(...)`.
"""

from .change_requests import apply_change_request, reject_change_request, request_change
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
    "SELLER_TRANSITIONS",
    "add_document",
    "apply_change_request",
    "publish_producer_story",
    "reinstate_seller",
    "reject_change_request",
    "reject_producer_story",
    "reject_seller",
    "remove_document",
    "request_change",
    "save_producer_story",
    "start_onboarding",
    "submit_for_verification",
    "suspend_seller",
    "transition_seller",
    "update_profile",
    "verify_seller",
    "withdraw_producer_story_consent",
]
