"""Why an order, cart or shipment action was refused; views show the message to the person."""

from rest_framework import status

from odop_bazaar.errors import DomainError


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
