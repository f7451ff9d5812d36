"""Factories and helpers for orders tests: addresses, and orders placed through the real service."""

import uuid
from decimal import Decimal

import factory

from accounts.models import Address, User
from orders import services
from orders.carts import DbCart
from orders.models import Order
from tests.factories import StateFactory, UserFactory


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    full_name = "Bina Buyer"
    mobile = "9876543210"
    line1 = "14, Gandhi Road"
    line2 = "Near the clock tower"
    city = "Lucknow"
    state = factory.SubFactory(StateFactory)
    pin_code = "226001"


def place(
    *,
    buyer: User,
    items: list[tuple[object, int]],
    address: Address | None = None,
    payment_method: str = Order.PaymentMethod.COD,
    key: str | None = None,
    expected_total: Decimal | None = None,
) -> Order:
    """Fill the buyer's cart with (listing, quantity) pairs and place the order."""
    cart = DbCart(buyer)
    for listing, quantity in items:
        services.add_to_cart(cart=cart, listing_id=listing.pk, quantity=quantity)
    if address is None:
        first_listing = items[0][0]
        address = AddressFactory(user=buyer, state=first_listing.district.state)
    return services.place_order(
        buyer=buyer,
        address=address,
        payment_method=payment_method,
        idempotency_key=key or uuid.uuid4().hex,
        expected_total=expected_total,
    )
