"""What the seller rules refuse; views turn these into form errors or messages."""

from django.utils.translation import gettext_lazy as _

from odop_bazaar.errors import DomainError


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"

    def __init__(self, current: str, target: str) -> None:
        self.current, self.target = current, target
        super().__init__(
            _("This cannot move from “%(current)s” to “%(target)s”.")
            % {"current": current, "target": target}
        )


class OnboardingIncomplete(DomainError):
    code = "onboarding_incomplete"


class ProfileLocked(DomainError):
    code = "profile_locked"


class SellerNotVerified(DomainError):
    code = "seller_not_verified"
    status_code = 403


class TooManyPhotos(DomainError):
    code = "too_many_photos"


class ReasonRequired(DomainError):
    code = "reason_required"


class StockChanged(DomainError):
    """A stock edit based on a figure that sales have changed since; `stock` is the figure now."""

    code = "stock_changed"
    status_code = 409

    def __init__(self, stock: int) -> None:
        self.stock = stock
        self.details = {"stock": stock}
        super().__init__(
            _("Stock changed since you opened this page: it is now %(stock)d.") % {"stock": stock}
        )


class UnknownHsnCode(DomainError):
    """No GST rate rule covers the HSN code, so the listing's GST rate cannot be known."""

    code = "unknown_hsn_code"


class ConsentRequired(DomainError):
    """A producer story is published only with the seller's explicit consent."""

    code = "consent_required"
