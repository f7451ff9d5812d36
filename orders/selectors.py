"""Reads for the cart, checkout, order and seller pages, and the API; each fetches up front."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Address, User
from catalog.models import Listing
from sellers.models import Seller

from .carts import CartStore, StoredLine
from .models import (
    CreditNote,
    Invoice,
    Order,
    OrderLine,
    Refund,
    ReturnRequest,
    Shipment,
    ShipmentStatusChange,
)
from .services import returns

ZERO = Decimal("0.00")


@dataclass
class CartItem:
    listing: Listing
    quantity: int
    price_when_added: Decimal
    is_available: bool

    @property
    def unit_price(self) -> Decimal:
        return self.listing.price

    @property
    def line_total(self) -> Decimal:
        return self.listing.price * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.is_available and self.price_when_added != self.listing.price

    @property
    def price_went_up(self) -> bool:
        return self.listing.price > self.price_when_added

    @property
    def stock_short(self) -> bool:
        return self.is_available and self.quantity > self.listing.stock

    @property
    def max_quantity(self) -> int:
        return max(self.listing.stock, self.quantity)


@dataclass
class SellerGroup:
    seller: Seller
    items: list[CartItem] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((item.line_total for item in self.items if item.is_available), ZERO)


@dataclass
class CartSummary:
    groups: list[SellerGroup]

    @property
    def items(self) -> list[CartItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def total(self) -> Decimal:
        return sum((group.subtotal for group in self.groups), ZERO)

    @property
    def count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def has_problems(self) -> bool:
        return any(
            not item.is_available or item.stock_short or item.price_changed for item in self.items
        )


def cart_listings(*, listing_ids: list[int]) -> dict[int, Listing]:
    """Listings of a cart with their seller and places, in one query."""
    listings = (
        Listing.objects.filter(pk__in=listing_ids)
        .select_related("seller__district__state", "district__state", "odop_product")
        .with_is_live()
    )
    return {listing.pk: listing for listing in listings}


def summarise(*, lines: list[StoredLine], listings: dict[int, Listing]) -> CartSummary:
    """Group stored lines by seller, in the order sellers were first added.

    The listings are read with `with_is_live()`: a line is on sale while its listing is live.
    """
    groups: dict[int, SellerGroup] = {}
    for line in lines:
        listing = listings.get(line.listing_id)
        if listing is None:
            continue  # deleted from the catalogue
        group = groups.setdefault(listing.seller_id, SellerGroup(seller=listing.seller))
        group.items.append(
            CartItem(
                listing=listing,
                quantity=line.quantity,
                price_when_added=line.price_when_added,
                is_available=listing.is_live,
            )
        )
    return CartSummary(groups=list(groups.values()))


def cart_summary(*, cart: CartStore) -> CartSummary:
    """The cart grouped by seller with current prices and stock: two queries for a buyer's cart."""
    lines = cart.stored_lines()
    if not lines:
        return CartSummary(groups=[])
    return summarise(
        lines=lines, listings=cart_listings(listing_ids=[line.listing_id for line in lines])
    )


def cart_count(*, cart: CartStore) -> int:
    return sum(line.quantity for line in cart.stored_lines())


def buyer_addresses(*, user: User) -> QuerySet[Address]:
    return Address.objects.filter(user=user).select_related("state")


def get_own_address_or_404(*, user: User, pk: int) -> Address:
    return get_object_or_404(buyer_addresses(user=user), pk=pk)


# --- Orders ---------------------------------------------------------------------------------


def _shipments_with_lines() -> Prefetch:
    return Prefetch(
        "shipments",
        queryset=Shipment.objects.select_related(
            "seller", "invoice", "supplier_state"
        ).prefetch_related(
            Prefetch(
                "lines",
                queryset=OrderLine.objects.select_related("listing__category").order_by("pk"),
            )
        ),
    )


def _returns() -> Prefetch:
    """Return requests of each shipment with their credit note and refund (one query)."""
    return Prefetch(
        "shipments__returns",
        queryset=ReturnRequest.objects.select_related("credit_note", "refund").order_by("pk"),
    )


def _credit_notes() -> Prefetch:
    return Prefetch("shipments__credit_notes", queryset=CreditNote.objects.order_by("pk"))


def buyer_orders(*, buyer: User) -> QuerySet[Order]:
    """A buyer's orders, newest first, with the few shipment columns their progress and payable
    total are derived from (one more query, whatever the number of orders)."""
    return (
        Order.objects.filter(buyer=buyer)
        .annotate(shipment_count=Count("shipments"))
        .prefetch_related(
            Prefetch(
                "shipments",
                queryset=Shipment.objects.only("order_id", "status", "total", "credited_total"),
            )
        )
        .order_by("-created_at", "-pk")
    )


def get_buyer_order_or_404(*, buyer: User, pk: int) -> Order:
    """One of the buyer's own orders with every shipment, line and invoice; 404 otherwise."""
    return get_object_or_404(
        Order.objects.filter(buyer=buyer)
        .select_related("ship_state")
        .prefetch_related(
            _shipments_with_lines(),
            "shipments__history",
            "payments",
            "refunds",
            _returns(),
            _credit_notes(),
        ),
        pk=pk,
    )


def mark_returnable(*, order: Order, now: datetime | None = None) -> None:
    """Set `returnable_quantity`, `return_deadline` and `return_requests` on every line of an
    order fetched by `get_buyer_order_or_404` (no query)."""
    now = now or timezone.now()
    for shipment in order.shipments.all():
        by_line: dict[int, list[ReturnRequest]] = {}
        for request in shipment.returns.all():
            by_line.setdefault(request.line_id, []).append(request)
        for line in shipment.lines.all():
            line.return_requests = by_line.get(line.pk, [])
            open_units = sum(r.quantity for r in line.return_requests if r.status in returns.OPEN)
            refused = returns.refusal(line=line, shipment=shipment, open_units=open_units, now=now)
            line.returnable_quantity = (
                0 if refused else returns.returnable_quantity(line=line, open_units=open_units)
            )
            line.return_deadline = (
                returns.return_deadline(line=line, shipment=shipment)
                if shipment.status == Shipment.Status.DELIVERED
                else None
            )


def get_buyer_line_or_404(*, buyer: User, pk: int) -> OrderLine:
    """One line of the buyer's own orders, with what deciding a return needs; 404 otherwise."""
    return get_object_or_404(
        OrderLine.objects.filter(shipment__order__buyer=buyer).select_related(
            "shipment__order", "shipment__seller", "listing__category"
        ),
        pk=pk,
    )


def get_buyer_return_or_404(*, buyer: User, pk: int) -> ReturnRequest:
    return get_object_or_404(
        ReturnRequest.objects.filter(buyer=buyer).select_related("shipment__order"), pk=pk
    )


def get_seller_return_or_404(*, seller: Seller, pk: int) -> ReturnRequest:
    return get_object_or_404(
        ReturnRequest.objects.filter(shipment__seller=seller).select_related(
            "shipment__order", "line"
        ),
        pk=pk,
    )


def seller_returns(*, seller: Seller, status: str = "") -> QuerySet[ReturnRequest]:
    """A seller's return requests, those waiting for it first (requested, accepted), then newest."""
    waiting = [ReturnRequest.Status.REQUESTED, ReturnRequest.Status.ACCEPTED]
    queryset = (
        ReturnRequest.objects.filter(shipment__seller=seller)
        .select_related("line", "shipment__order", "buyer", "credit_note", "refund")
        .prefetch_related("photos")
        .annotate(waiting=Case(When(status__in=waiting, then=0), default=1))
        .order_by("waiting", "-created_at", "-pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def get_buyer_shipment_or_404(*, buyer: User, pk: int) -> Shipment:
    return get_object_or_404(
        Shipment.objects.filter(order__buyer=buyer).select_related("order", "seller"), pk=pk
    )


def get_seller_or_404(*, user: User) -> Seller:
    """The seller profile of the logged-in user; 404 for buyers."""
    return get_object_or_404(Seller.objects.select_related("district__state", "user"), user=user)


def seller_shipments(*, seller: Seller, status: str = "") -> QuerySet[Shipment]:
    """A seller's shipments of placed orders (not those still awaiting payment), oldest open first."""
    queryset = (
        Shipment.objects.filter(seller=seller)
        .exclude(order__status=Order.Status.AWAITING_PAYMENT)
        .select_related("order__buyer", "order__ship_state", "invoice")
        .prefetch_related("lines")
        .order_by("-created_at", "-pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def get_seller_shipment_or_404(*, seller: Seller, pk: int) -> Shipment:
    """One of the seller's own shipments with lines and history; 404 otherwise."""
    return get_object_or_404(
        Shipment.objects.filter(seller=seller)
        .select_related("order__buyer", "order__ship_state", "invoice", "seller", "supplier_state")
        .prefetch_related(
            "lines",
            "history__by",
            "refunds",
            Prefetch(
                "returns",
                queryset=ReturnRequest.objects.select_related(
                    "line", "credit_note", "refund"
                ).prefetch_related("photos"),
            ),
            Prefetch("credit_notes", queryset=CreditNote.objects.order_by("pk")),
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class PayoutTotals:
    gross: Decimal
    commission: Decimal
    tcs: Decimal
    tds: Decimal
    net: Decimal
    shipments: int


def seller_payout_totals(*, seller: Seller) -> PayoutTotals:
    """What the seller is owed over all shipments not cancelled, in one query."""
    sums = (
        Shipment.objects.filter(seller=seller)
        .exclude(status=Shipment.Status.CANCELLED)
        .exclude(order__status__in=[Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED])
        .aggregate(
            gross=Sum("total"),
            commission=Sum("commission"),
            tcs=Sum("tcs"),
            tds=Sum("tds"),
            net=Sum("net_payable"),
            shipments=Count("pk"),
        )
    )
    return PayoutTotals(
        **{key: value or (0 if key == "shipments" else ZERO) for key, value in sums.items()}
    )


def get_invoice_or_404(*, user: User, pk: int) -> Invoice:
    """An invoice for its buyer or its seller only; 404 for anyone else."""
    return get_object_or_404(
        Invoice.objects.filter(Q(shipment__order__buyer=user) | Q(seller__user=user))
        .select_related(
            "shipment__order__ship_state",
            "shipment__order__buyer",
            "shipment__supplier_state",
            "shipment__place_of_supply",
            "seller__user",
        )
        .prefetch_related("shipment__lines"),
        pk=pk,
    )


def get_credit_note_or_404(*, user: User, pk: int) -> CreditNote:
    """A credit note for its buyer or its seller only; 404 for anyone else."""
    return get_object_or_404(
        CreditNote.objects.filter(Q(shipment__order__buyer=user) | Q(seller__user=user))
        .select_related(
            "invoice",
            "shipment__order__ship_state",
            "shipment__supplier_state",
            "shipment__place_of_supply",
            "return_request",
        )
        .prefetch_related("lines"),
        pk=pk,
    )


# --- Curators -------------------------------------------------------------------------------

SEARCH_LIMIT = 50


def _mobile(text: str) -> str | None:
    """A ten-digit Indian mobile number from what a curator typed (+91, spaces and dashes)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    return digits if len(digits) == 10 and digits[0] in "6789" else None


def search_orders(*, query: str) -> QuerySet[Order]:
    """Orders found by number (OB0000123 or 123), the buyer's e-mail, or a mobile number (the
    delivery one, or one on the buyer's saved addresses); newest first, at most 50."""
    text = query.strip()
    if not text:
        return Order.objects.none()
    condition = Q()
    if "@" in text:
        condition = Q(buyer__email__iexact=text)
    else:
        number = text.upper().removeprefix("OB").lstrip("0") or "0"
        if number.isdigit() and 0 < int(number) < 2**31 and len(number) < 10:
            condition |= Q(pk=int(number))
        mobile = _mobile(text)
        if mobile:
            condition |= Q(ship_mobile=mobile) | Q(
                buyer__in=Address.objects.filter(mobile=mobile).values("user")
            )
    if not condition:
        return Order.objects.none()
    return (
        Order.objects.filter(condition)
        .select_related("buyer", "ship_state")
        .prefetch_related(
            Prefetch(
                "shipments",
                queryset=Shipment.objects.only("order_id", "status", "total", "credited_total"),
            )
        )
        .order_by("-created_at", "-pk")
    )


def get_order_for_curator_or_404(*, pk: int) -> Order:
    """Any order with its buyer, shipments, lines, history, payments, refunds and returns."""
    return get_object_or_404(
        Order.objects.select_related("buyer", "ship_state").prefetch_related(
            _shipments_with_lines(),
            Prefetch(
                "shipments__history",
                queryset=ShipmentStatusChange.objects.select_related("by").order_by("at", "pk"),
            ),
            "payments",
            Prefetch("refunds", queryset=Refund.objects.select_related("shipment")),
            Prefetch(
                "shipments__returns",
                queryset=ReturnRequest.objects.select_related(
                    "line", "credit_note", "refund"
                ).order_by("pk"),
            ),
            _credit_notes(),
        ),
        pk=pk,
    )


def get_shipment_for_curator_or_404(*, pk: int) -> Shipment:
    return get_object_or_404(Shipment.objects.select_related("order", "seller"), pk=pk)
