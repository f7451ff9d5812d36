"""Any sequence of moves by buyer and seller keeps the shipment's rules (hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import Listing
from orders.errors import TransitionNotAllowed
from orders.models import Shipment, ShipmentStatusChange
from orders.services import buyer_cancel, seller_move
from orders.services.shipments import BEFORE_DISPATCH, TRANSITIONS
from tests.factories import ListingFactory

from .factories import place

pytestmark = pytest.mark.django_db
S = Shipment.Status
MOVES = [("seller", s) for s in (S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED, S.CANCELLED)] + [
    ("buyer", S.CANCELLED)
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=st.lists(st.sampled_from(MOVES), max_size=8))
def test_any_sequence_of_moves_keeps_stock_history_and_invoice_consistent(buyer, seller, moves):
    listing = ListingFactory(seller=seller, stock=10)
    shipment = place(buyer=buyer, items=[(listing, 3)]).shipments.get()
    expected = S.PLACED
    accepted_moves = 0

    for who, to in moves:
        # The buyer may only cancel before dispatch; a seller may also cancel a dispatched
        # shipment the courier brought back.
        allowed = to in TRANSITIONS[expected] and (who == "seller" or expected in BEFORE_DISPATCH)
        try:
            if who == "buyer":
                buyer_cancel(shipment=shipment, by=buyer)
            else:
                seller_move(
                    shipment=shipment,
                    to=to,
                    by=seller.user,
                    courier="c",
                    tracking_number="t",
                    reason="r",
                )
        except TransitionNotAllowed:
            assert not allowed
        else:
            assert allowed
            expected = to
            accepted_moves += 1

    shipment.refresh_from_db()
    assert shipment.status == expected
    assert ShipmentStatusChange.objects.filter(shipment=shipment).count() == accepted_moves
    # Stock comes back exactly once, and only for a cancelled shipment.
    assert Listing.objects.get(pk=listing.pk).stock == (10 if expected == S.CANCELLED else 7)
    has_invoice = Shipment.objects.filter(pk=shipment.pk, invoice__isnull=False).exists()
    history = set(
        ShipmentStatusChange.objects.filter(shipment=shipment).values_list("to_status", flat=True)
    )
    assert has_invoice == (S.DISPATCHED in history)
