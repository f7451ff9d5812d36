"""What the header of every page shows about the visitor, without a query per page.

The cart's item count and whether the user has a seller profile are kept in the session: set
at login, and again whenever the cart or the seller profile changes through a view. A visitor
without a session (the storefront pages shared from the page cache) has an empty cart and sells
nothing, and reading these never opens a session for them.
"""

from typing import Any

from django.http import HttpRequest

CART_COUNT = "header_cart_count"
IS_SELLER = "header_is_seller"


def remember_cart_count(request: HttpRequest, count: int) -> None:
    """Keep the cart's item count for the header; the session is only written if it moved."""
    if request.user.is_authenticated and request.session.get(CART_COUNT) != count:
        request.session[CART_COUNT] = count


def remember_seller(request: HttpRequest, *, is_seller: bool = True) -> None:
    if request.session.get(IS_SELLER) != is_seller:
        request.session[IS_SELLER] = is_seller


def cart_count(request: HttpRequest) -> int:
    """Items in the cart: from the session cart of a visitor, remembered for a buyer."""
    from orders.carts import DbCart, SessionCart

    if not request.user.is_authenticated:
        return sum(line.quantity for line in SessionCart(request.session).stored_lines())
    count = request.session.get(CART_COUNT)
    if not isinstance(count, int):  # a session from before the count was kept: one query
        count = sum(line.quantity for line in DbCart(request.user).stored_lines())
        remember_cart_count(request, count)
    return count


def is_seller(request: HttpRequest) -> bool:
    from sellers.models import Seller

    if not request.user.is_authenticated:
        return False
    flag = request.session.get(IS_SELLER)
    if not isinstance(flag, bool):  # a session from before the flag was kept: one query
        flag = Seller.objects.filter(user=request.user).exists()
        remember_seller(request, is_seller=flag)
    return flag


def remember_at_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """After the cart has followed the visitor into their account (orders' receiver)."""
    from orders.carts import DbCart
    from sellers.models import Seller

    if request is None or not hasattr(request, "session"):
        return
    request.session[CART_COUNT] = sum(line.quantity for line in DbCart(user).stored_lines())
    request.session[IS_SELLER] = Seller.objects.filter(user=user).exists()
