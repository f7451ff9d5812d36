"""Signal receivers; the only one is infrastructure (carrying the cart across login)."""

from typing import Any

from django.http import HttpRequest

from accounts.models import User

from .carts import DbCart, SessionCart
from .services import merge_carts


def merge_cart_at_login(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """Move the visitor's session cart into the buyer's cart."""
    if request is None or not hasattr(request, "session"):
        return
    merge_carts(source=SessionCart(request.session), target=DbCart(user))
