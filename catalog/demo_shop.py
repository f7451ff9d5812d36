"""Demo log-ins and demo orders, so a newcomer can play buyer, seller and curator after `make run`.

Every demo account (the sellers of catalog.demo, a curator and a buyer, all with e-mails at
DEMO_EMAIL_DOMAIN) shares one password: DEMO_PASSWORD if set, else DEFAULT_DEMO_PASSWORD, which
the README prints; with DEBUG off and no DEMO_PASSWORD nobody can log in as them. The demo
orders are placed and moved by the buyer's and the seller's own services (cart, checkout,
payment, shipment moves, returns), so stock, invoices, credit notes and refunds agree; each has a
fixed idempotency key, so running again adds nothing.
"""

import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Q
from django.test.utils import override_settings

from accounts.models import Address, User
from catalog.models import Listing
from districts.models import District
from orders import services
from orders.carts import DbCart
from orders.models import Order, ReturnRequest, Shipment
from orders.services import returns
from orders.services.payments import is_online_available, mark_paid
from sellers.access import CURATORS_GROUP
from sellers.models import Seller

from .demo import DEMO_EMAIL_DOMAIN, PIN_REGION, seller_email

DEFAULT_DEMO_PASSWORD = "odop-demo"
BUYER_EMAIL = f"buyer@{DEMO_EMAIL_DOMAIN}"
CURATOR_EMAIL = f"curator@{DEMO_EMAIL_DOMAIN}"
S = Shipment.Status


def demo_password() -> str | None:
    """The password of every demo account, or None (DEBUG off without DEMO_PASSWORD)."""
    chosen = os.environ.get("DEMO_PASSWORD", "")
    if chosen:
        return chosen
    return DEFAULT_DEMO_PASSWORD if settings.DEBUG else None


def ensure_people(home: District | None) -> tuple[User, User]:
    """The demo curator (staff, in the Curators group) and the demo buyer with an address."""
    curator, _ = User.objects.get_or_create(
        email=CURATOR_EMAIL,
        defaults={"full_name": "Chitra (demo curator)", "password": make_password(None)},
    )
    if not curator.is_staff:
        curator.is_staff = True
        curator.save(update_fields=["is_staff"])
    curator.groups.add(Group.objects.get_or_create(name=CURATORS_GROUP)[0])
    buyer, _ = User.objects.get_or_create(
        email=BUYER_EMAIL,
        defaults={"full_name": "Bina (demo buyer)", "password": make_password(None)},
    )
    if home is not None and not buyer.addresses.exists():
        Address.objects.create(
            user=buyer,
            full_name="Bina Sharma",
            mobile="9876543210",
            line1="14, Gandhi Road",
            line2="Near the clock tower",
            city=home.name,
            state=home.state,
            pin_code=f"{PIN_REGION.get(home.state.iso_code, 1)}26001",
        )
    return curator, buyer


def set_passwords(password: str | None) -> int:
    """Give every demo account `password` (or lock them all out); 0 when nothing changed."""
    users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    if password is None:
        return users.exclude(password__startswith="!").update(password=make_password(None))
    sample = users.order_by("pk").first()
    if sample is None:
        return 0
    if sample.check_password(password) and not users.exclude(password=sample.password).exists():
        return 0
    return users.update(password=make_password(password))


@dataclass(frozen=True)
class Scenario:
    key: str
    online: bool
    moves: tuple[str, ...] = ()
    cancel: bool = False
    return_step: str = ""  # "requested" or "received"


# One demo order per state of the order flow, in the order a newcomer meets them.
SCENARIOS = (
    Scenario("awaiting-payment", online=True),
    Scenario("paid", online=True),
    Scenario("accepted", online=False, moves=(S.ACCEPTED,)),
    Scenario("packed", online=False, moves=(S.ACCEPTED, S.PACKED)),
    Scenario("dispatched", online=False, moves=(S.ACCEPTED, S.PACKED, S.DISPATCHED)),
    Scenario("delivered", online=False, moves=(S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED)),
    Scenario("cancelled", online=False, cancel=True),
    Scenario(
        "return-requested",
        online=True,
        moves=(S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED),
        return_step="requested",
    ),
    Scenario(
        "return-received",
        online=True,
        moves=(S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED),
        return_step="received",
    ),
)


def order_key(scenario: Scenario) -> str:
    return f"demo-order-{scenario.key}"


def _listings_for(buyer: User, address: Address) -> list[Listing]:
    """Live demo listings the buyer may order (stock to spare, a seller who delivers to the
    buyer's state), the first demo seller's first: one log-in then sees every order state."""
    return list(
        Listing.objects.live()
        .filter(is_demo=True, stock__gte=5)
        .filter(~Q(seller__gstin="") | Q(seller__district__state=address.state))
        .select_related("seller__user", "district__state")
        .order_by("seller_id", "pk")[:40]
    )


def seed_orders(buyer: User) -> int:
    """Place the missing demo orders; returns how many were made.

    Their e-mails (to demo addresses, which no mail server accepts) are queued and "sent" in
    memory, so that `make run` does not print fifty of them on the console.
    """
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _seed_orders(buyer)


def _seed_orders(buyer: User) -> int:
    address = buyer.addresses.order_by("pk").first()
    if address is None:
        return 0
    done = set(
        Order.objects.filter(buyer=buyer, idempotency_key__startswith="demo-order-").values_list(
            "idempotency_key", flat=True
        )
    )
    todo = [s for s in SCENARIOS if order_key(s) not in done]
    if not todo:
        return 0
    candidates = _listings_for(buyer, address)
    if not candidates:
        return 0
    first_seller = candidates[0].seller_id
    own = [listing for listing in candidates if listing.seller_id == first_seller]
    online = is_online_available()
    made = 0
    for number, scenario in enumerate(SCENARIOS):
        if scenario not in todo:
            continue
        if scenario.online and not online and not scenario.moves:
            continue  # nothing to show about paying without a gateway that may be used
        listing = Listing.objects.get(pk=own[number % len(own)].pk)
        if listing.stock < 1:
            continue
        _place(buyer, address, listing, scenario, online=scenario.online and online)
        made += 1
    return made


def _place(
    buyer: User, address: Address, listing: Listing, scenario: Scenario, *, online: bool
) -> Order:
    cart = DbCart(buyer)
    cart.clear()
    services.add_to_cart(cart=cart, listing_id=listing.pk, quantity=1)
    order = services.place_order(
        buyer=buyer,
        address=address,
        payment_method=Order.PaymentMethod.ONLINE if online else Order.PaymentMethod.COD,
        idempotency_key=order_key(scenario),
    )
    if online and scenario.key != "awaiting-payment":
        payment = services.start_payment(order=order)
        mark_paid(
            gateway_order_id=payment.gateway_order_id, payment_id=f"pay_{order_key(scenario)}"
        )
    seller_user = listing.seller.user
    shipment = Shipment.objects.get(order=order)
    if scenario.cancel:
        services.buyer_cancel(shipment=shipment, by=buyer, reason="Ordered the wrong size.")
    for to in scenario.moves:
        shipment = Shipment.objects.get(pk=shipment.pk)
        tracking = {"courier": "India Post", "tracking_number": f"EE{order.pk:07d}IN"}
        services.seller_move(
            shipment=shipment, to=to, by=seller_user, **(tracking if to == S.DISPATCHED else {})
        )
    if scenario.return_step:
        line = shipment.lines.get()
        request = returns.request_return(
            line=line,
            buyer=buyer,
            quantity=1,
            reason=ReturnRequest.Reason.NOT_AS_DESCRIBED,
            details="The colour is darker than in the photo.",
            refund_to="" if online else "bina@okdemo",
        )
        if scenario.return_step == "received":
            returns.accept_return(return_request=request, by=seller_user)
            returns.book_pickup(
                return_request=request,
                by=seller_user,
                courier="Delhivery",
                tracking_number=f"RP{order.pk:07d}",
            )
            returns.receive_return(return_request=request, by=seller_user, resaleable=True)
    return order


def first_sellers(count: int = 3) -> list[Seller]:
    """Demo sellers to name in the log-in list: the first of the featured districts."""
    emails = [seller_email(j) for j in range(count)]
    return list(
        Seller.objects.filter(user__email__in=emails)
        .select_related("user", "district")
        .order_by("user__email")
    )
