"""Writes for carts, orders, shipments, payments and invoices: `from orders import services`."""

from .cart import add_to_cart, merge_carts, remove_from_cart, set_quantity
from .checkout import place_order, preview_checkout
from .invoices import invoice_pdf, issue_invoice
from .payments import (
    confirm_payment,
    expire_order,
    expire_unpaid_orders,
    handle_webhook,
    mark_paid,
    start_payment,
)
from .shipments import buyer_cancel, seller_move, transition

__all__ = [
    "add_to_cart",
    "buyer_cancel",
    "confirm_payment",
    "expire_order",
    "expire_unpaid_orders",
    "handle_webhook",
    "invoice_pdf",
    "issue_invoice",
    "mark_paid",
    "merge_carts",
    "place_order",
    "preview_checkout",
    "remove_from_cart",
    "seller_move",
    "set_quantity",
    "start_payment",
    "transition",
]
