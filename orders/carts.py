"""Where a cart's lines are kept: the session for visitors, the database for buyers."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from accounts.models import User

from .models import Cart, CartLine


@dataclass(frozen=True)
class StoredLine:
    listing_id: int
    quantity: int
    price_when_added: Decimal


class CartStore(Protocol):
    """Where a cart's lines live; the services below work the same on either store."""

    def stored_lines(self) -> list[StoredLine]: ...
    def put(self, *, listing_id: int, quantity: int, price: Decimal | None) -> None: ...
    def remove(self, *, listing_id: int) -> None: ...
    def clear(self) -> None: ...


class SessionCart:
    """A visitor's cart: {listing_id: [quantity, "price when added"]} in the session."""

    SESSION_KEY = "cart"

    def __init__(self, session: SessionBase) -> None:
        self.session = session

    def _data(self) -> dict[str, list]:
        data = self.session.get(self.SESSION_KEY)
        return data if isinstance(data, dict) else {}

    def stored_lines(self) -> list[StoredLine]:
        lines = []
        for key, value in self._data().items():
            try:
                lines.append(StoredLine(int(key), int(value[0]), Decimal(value[1])))
            except (TypeError, ValueError, IndexError, ArithmeticError):
                continue  # a session written by an older version: drop the line
        return lines

    def put(self, *, listing_id: int, quantity: int, price: Decimal | None) -> None:
        data = self._data()
        old = data.get(str(listing_id))
        kept_price = old[1] if old and price is None else str(price)
        data[str(listing_id)] = [quantity, kept_price]
        self.session[self.SESSION_KEY] = data

    def remove(self, *, listing_id: int) -> None:
        data = self._data()
        if data.pop(str(listing_id), None) is not None:
            self.session[self.SESSION_KEY] = data

    def clear(self) -> None:
        self.session.pop(self.SESSION_KEY, None)


class DbCart:
    """A buyer's cart, kept across devices and logins."""

    def __init__(self, user: User) -> None:
        self.user = user

    def stored_lines(self) -> list[StoredLine]:
        rows = CartLine.objects.filter(cart__user=self.user).values_list(
            "listing_id", "quantity", "price_when_added"
        )
        return [StoredLine(*row) for row in rows]

    def put(self, *, listing_id: int, quantity: int, price: Decimal | None) -> None:
        cart, _created = Cart.objects.get_or_create(user=self.user)
        updated = CartLine.objects.filter(cart=cart, listing_id=listing_id).update(
            quantity=quantity, **({"price_when_added": price} if price is not None else {})
        )
        if not updated:
            CartLine.objects.create(
                cart=cart, listing_id=listing_id, quantity=quantity, price_when_added=price
            )

    def remove(self, *, listing_id: int) -> None:
        CartLine.objects.filter(cart__user=self.user, listing_id=listing_id).delete()

    def clear(self) -> None:
        CartLine.objects.filter(cart__user=self.user).delete()


def cart_for(request: HttpRequest) -> CartStore:
    """The database cart of a logged-in buyer, else the session cart."""
    if request.user.is_authenticated:
        return DbCart(request.user)
    return SessionCart(request.session)
