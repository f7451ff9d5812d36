"""What the catalogue rules refuse (listings, the ODOP registry); views show the message."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from odop_bazaar.errors import DomainError


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"

    def __init__(self, current: str, target: str) -> None:
        self.current, self.target = current, target
        super().__init__(
            _("This cannot move from “%(current)s” to “%(target)s”.")
            % {"current": current, "target": target}
        )


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


class OdopListUnreadable(DomainError):
    """The uploaded file is not a CSV we can read at all (too big, not UTF-8)."""

    code = "odop_list_unreadable"


class OdopImportStale(DomainError):
    """The registry changed since the preview, or the upload was applied already."""

    status_code = status.HTTP_409_CONFLICT
    code = "odop_import_stale"


class OdopProductNameTaken(DomainError):
    code = "odop_product_name_taken"


class NothingToImport(DomainError):
    code = "nothing_to_import"
