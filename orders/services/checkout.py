"""Checkout: price the cart for a delivery state, then place one order in one transaction."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Address, User
from catalog.gst_rules import RateBook
from catalog.models import Listing
from districts.models import State
from sellers.models import Seller

from .. import gst, payouts
from ..carts import DbCart
from ..errors import (
    CartAlreadyOrdered,
    CartChanged,
    EmptyCart,
    GstRateNotInForce,
    ListingUnavailable,
    OutOfStock,
    PaymentError,
    SellerCannotShipThere,
)
from ..models import Cart, Order, OrderLine, Shipment
from ..selectors import CartItem, CartSummary, cart_summary, summarise
from . import notifications, payments, stock

ZERO = Decimal("0.00")


@dataclass
class PricedLine:
    item: CartItem
    tax: gst.LineTax
    rate: Decimal  # the GST rate charged: the listing's, or 0 for a seller without a GSTIN
    rate_in_force: bool


@dataclass
class PricedShipment:
    seller: Seller
    supplier_state: State
    is_intra_state: bool
    is_blocked: bool  # seller without GSTIN, delivery to another state
    lines: list[PricedLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.tax.total for line in self.lines), ZERO)

    @property
    def taxable_value(self) -> Decimal:
        return sum((line.tax.taxable_value for line in self.lines), ZERO)

    @property
    def tax(self) -> Decimal:
        return sum((line.tax.tax for line in self.lines), ZERO)


@dataclass
class CheckoutPreview:
    """The cart priced for one delivery state: what the review page shows and the order saves."""

    destination: State
    shipments: list[PricedShipment]
    summary: CartSummary

    @property
    def total(self) -> Decimal:
        return sum((s.total for s in self.shipments if not s.is_blocked), ZERO)

    @property
    def total_tax(self) -> Decimal:
        return sum((s.tax for s in self.shipments if not s.is_blocked), ZERO)

    @property
    def blocked(self) -> list[PricedShipment]:
        return [s for s in self.shipments if s.is_blocked]

    @property
    def changed_prices(self) -> list[CartItem]:
        return [item for item in self.summary.items if item.price_changed]

    @property
    def short_stock(self) -> list[CartItem]:
        return [item for item in self.summary.items if item.stock_short]

    @property
    def unavailable(self) -> list[CartItem]:
        return [item for item in self.summary.items if not item.is_available]

    @property
    def rates_not_in_force(self) -> list[PricedLine]:
        return [line for s in self.shipments for line in s.lines if not line.rate_in_force]

    @property
    def can_place(self) -> bool:
        return bool(self.shipments) and not (
            self.blocked or self.short_stock or self.unavailable or self.rates_not_in_force
        )


def rates_in_force(*, on: date) -> RateBook:
    """The GST rate rules in force on the day of the order (one query for the whole cart)."""
    return RateBook.load(on=on)


def price_checkout(
    *, summary: CartSummary, destination: State, on: date, valid_rates: RateBook
) -> CheckoutPreview:
    """Tax every line for the delivery state (place of supply) from the server's prices.

    The rate is the rule's for the line's HSN code and unit price on `on`, not the rate stored
    on the listing, so a dated change of rate applies by itself.
    """
    shipments = []
    for group in summary.groups:
        seller = group.seller
        supplier_state = seller.district.state
        intra = supplier_state.pk == destination.pk
        shipment = PricedShipment(
            seller=seller,
            supplier_state=supplier_state,
            is_intra_state=intra,
            # A seller without a GSTIN may sell through a marketplace only inside its own state.
            is_blocked=not seller.is_gst_registered and not intra,
        )
        for item in group.items:
            if not item.is_available:
                continue
            # A seller without a GSTIN cannot charge GST: its price has no tax in it and it
            # issues a bill of supply.
            rule_rate = valid_rates.rate_for(item.listing.hsn_code, item.unit_price)
            rate = (rule_rate or ZERO) if seller.is_gst_registered else ZERO
            tax = gst.line_tax(
                total=item.line_total, rate=rate, intra_state=intra, utgst=destination.uses_utgst
            )
            shipment.lines.append(
                PricedLine(
                    item=item,
                    tax=tax,
                    rate=rate,
                    rate_in_force=not seller.is_gst_registered or rule_rate is not None,
                )
            )
        if shipment.lines:
            shipments.append(shipment)
    return CheckoutPreview(destination=destination, shipments=shipments, summary=summary)


def preview_checkout(*, buyer: User, destination: State) -> CheckoutPreview:
    """The buyer's cart priced for delivery to `destination`, today."""
    summary = cart_summary(cart=DbCart(buyer))
    today = timezone.localdate()
    return price_checkout(
        summary=summary, destination=destination, on=today, valid_rates=rates_in_force(on=today)
    )


def _refuse_unless_placeable(preview: CheckoutPreview) -> None:
    if not preview.shipments:
        raise EmptyCart(_("Your cart is empty."))
    if preview.unavailable:
        raise ListingUnavailable(
            _("“%(title)s” is no longer on sale; remove it from your cart.")
            % {"title": preview.unavailable[0].listing.title}
        )
    if preview.blocked:
        shipment = preview.blocked[0]
        raise SellerCannotShipThere(
            _(
                "%(seller)s is not GST-registered and may only deliver inside %(state)s. "
                "Remove its products or choose an address in %(state)s."
            )
            % {"seller": shipment.seller.display_name, "state": shipment.supplier_state.name}
        )
    if preview.rates_not_in_force:
        listing = preview.rates_not_in_force[0].item.listing
        raise GstRateNotInForce(
            _(
                "No GST rate is known for HSN code %(code)s of “%(title)s” today; remove it "
                "from your cart or ask the seller to correct the listing."
            )
            % {"code": listing.hsn_code, "title": listing.title}
        )
    if preview.short_stock:
        item = preview.short_stock[0]
        raise OutOfStock(
            _("Only %(count)d of “%(title)s” left; change the quantity in your cart.")
            % {"count": item.listing.stock, "title": item.listing.title}
        )


def place_order(
    *,
    buyer: User,
    address: Address,
    payment_method: str,
    idempotency_key: str,
    expected_total: Decimal | None = None,
) -> Order:
    """Turn the buyer's cart into one order with a shipment per seller; reserves all stock or none.

    A repeated call with the same idempotency key returns the first order and changes nothing.
    The same cart placed again with another key (a second browser tab) raises CartAlreadyOrdered
    naming the first order. `expected_total` is the total the buyer reviewed: if prices moved
    since, CartChanged.
    """
    existing = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        return _place_order(
            buyer=buyer,
            address=address,
            payment_method=payment_method,
            idempotency_key=idempotency_key,
            expected_total=expected_total,
        )
    except IntegrityError:
        # The same form submitted twice at once: the other request made the order.
        existing = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing


def _lock_cart(buyer: User) -> Cart:
    """The buyer's cart row, locked until the order commits: a second tab placing the same cart
    waits here, then finds it empty and ordered (SQLite's IMMEDIATE transaction serialises too)."""
    Cart.objects.get_or_create(user=buyer)
    # No join to the order here: a tab that waited for the lock sees the cart row as committed,
    # but a joined row as of its statement's start (PostgreSQL's READ COMMITTED re-check).
    return Cart.objects.select_for_update().get(user=buyer)


@transaction.atomic
def _place_order(
    *,
    buyer: User,
    address: Address,
    payment_method: str,
    idempotency_key: str,
    expected_total: Decimal | None,
) -> Order:
    cart = DbCart(buyer)
    cart_row = _lock_cart(buyer)
    lines = cart.stored_lines()
    if not lines and cart_row.last_order_id is not None:
        ordered = Order.objects.get(pk=cart_row.last_order_id)
        raise CartAlreadyOrdered(
            _("This cart was already ordered as %(number)s.") % {"number": ordered.number},
            order=ordered,
        )
    # Lock the listings in primary-key order (PostgreSQL; SQLite's IMMEDIATE transaction already
    # holds the write lock), so prices and stock read here are the ones the order keeps.
    listings = {
        listing.pk: listing
        for listing in Listing.objects.filter(pk__in=[line.listing_id for line in lines])
        .select_related("seller__district__state", "district__state", "odop_product")
        .with_is_live()
        .order_by("pk")
        .select_for_update(of=("self",))
    }
    today = timezone.localdate()
    preview = price_checkout(
        summary=summarise(lines=lines, listings=listings),
        destination=address.state,
        on=today,
        valid_rates=rates_in_force(on=today),
    )
    _refuse_unless_placeable(preview)
    if expected_total is not None and expected_total != preview.total:
        raise CartChanged(
            _(
                "Prices changed since you reviewed your order. Check the new total and confirm again."
            )
        )

    is_online = payment_method == Order.PaymentMethod.ONLINE
    if is_online and not payments.is_online_available():
        raise PaymentError(_("Online payment is not available right now; choose cash on delivery."))
    order = Order.objects.create(
        buyer=buyer,
        status=Order.Status.AWAITING_PAYMENT if is_online else Order.Status.PLACED,
        payment_method=payment_method,
        idempotency_key=idempotency_key,
        ship_name=address.full_name,
        ship_mobile=address.mobile,
        ship_line1=address.line1,
        ship_line2=address.line2,
        ship_city=address.city,
        ship_state=address.state,
        ship_pin_code=address.pin_code,
        total=preview.total,
        total_tax=preview.total_tax,
        expires_at=timezone.now() + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
        if is_online
        else None,
    )
    stock.reserve_stock(
        quantities={item.listing.pk: item.quantity for item in preview.summary.items},
        titles={item.listing.pk: item.listing.title for item in preview.summary.items},
    )
    order_lines = []
    for priced in preview.shipments:
        owed = payouts.payout(
            gross=priced.total,
            taxable_value=priced.taxable_value,
            commission_percent=settings.MARKETPLACE_COMMISSION_PERCENT,
            # Section 206AA: a seller who gave no PAN suffers TDS at 5 % instead of 0.1 %.
            has_pan=bool(priced.seller.pan),
            gst_registered=priced.seller.is_gst_registered,
        )
        shipment = Shipment.objects.create(
            order=order,
            seller=priced.seller,
            supplier_state=priced.supplier_state,
            place_of_supply=address.state,
            total=priced.total,
            taxable_value=priced.taxable_value,
            total_tax=priced.tax,
            commission=owed.commission,
            tcs=owed.tcs,
            tds=owed.tds,
            net_payable=owed.net,
        )
        for line in priced.lines:
            listing = line.item.listing
            order_lines.append(
                OrderLine(
                    shipment=shipment,
                    listing=listing,
                    title=listing.title,
                    hsn_code=listing.hsn_code,
                    gst_rate=line.rate,
                    unit_price=listing.price,
                    quantity=line.item.quantity,
                    total=line.tax.total,
                    taxable_value=line.tax.taxable_value,
                    cgst=line.tax.cgst,
                    sgst=line.tax.sgst,
                    utgst=line.tax.utgst,
                    igst=line.tax.igst,
                )
            )
    OrderLine.objects.bulk_create(order_lines)
    cart.clear()
    Cart.objects.filter(pk=cart_row.pk).update(last_order=order)
    if not is_online:
        notifications.order_placed(order=order)
    return order
