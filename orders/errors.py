"""Why an order, cart or shipment action was refused; views show the message to the person."""

from typing import TYPE_CHECKING

from rest_framework import status

from odop_bazaar.errors import DomainError

if TYPE_CHECKING:
    from .models import Order


class OutOfStock(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "out_of_stock"


class ListingUnavailable(DomainError):
    code = "listing_unavailable"


class EmptyCart(DomainError):
    code = "empty_cart"


class CartChanged(DomainError):
    """A price or the stock moved since the buyer reviewed the order."""

    status_code = status.HTTP_409_CONFLICT
    code = "cart_changed"


class CartAlreadyOrdered(DomainError):
    """The same cart was placed from another tab or request: the order it became is named."""

    status_code = status.HTTP_409_CONFLICT
    code = "cart_already_ordered"

    def __init__(self, message: str, *, order: "Order") -> None:
        super().__init__(message)
        self.order = order
        self.details = {"order": order.pk, "number": order.number, "url": order.get_absolute_url()}


class RefundNotAllowed(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "refund_not_allowed"


class ReturnNotAllowed(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "return_not_allowed"


class SellerCannotShipThere(DomainError):
    """A seller without a GSTIN may only sell inside its own state."""

    code = "seller_cannot_ship_there"


class GstRateNotInForce(DomainError):
    code = "gst_rate_not_in_force"


class TransitionNotAllowed(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "transition_not_allowed"


class PaymentError(DomainError):
    code = "payment_error"


class InvalidSignature(PaymentError):
    code = "invalid_signature"


class RefundDeclined(PaymentError):
    """The gateway refused a refund (not a network fault): the refund is marked failed."""

    code = "refund_declined"
