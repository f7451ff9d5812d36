"""What the seller rules refuse; views turn these into form errors or messages.

The listing rules' errors live in catalog.errors; verification and onboarding refuse with the
same kinds (a transition, a missing reason, a locked profile), imported from there.
"""

from catalog.errors import ProfileLocked, ReasonRequired, TransitionNotAllowed
from odop_bazaar.errors import DomainError

__all__ = ["OnboardingIncomplete", "ProfileLocked", "ReasonRequired", "TransitionNotAllowed"]


class OnboardingIncomplete(DomainError):
    code = "onboarding_incomplete"


class ChangeRequestNotAllowed(DomainError):
    code = "change_request_not_allowed"


class ConsentRequired(DomainError):
    """A producer story is published only with the seller's explicit consent."""

    code = "consent_required"
