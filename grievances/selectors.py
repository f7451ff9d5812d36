"""Reads for the grievance pages, each fetching what its template shows."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from orders.models import Order, Shipment
from sellers.models import Seller

from .models import Grievance, GrievanceMessage


def own_grievances(*, user: User) -> QuerySet[Grievance]:
    """The grievances a person filed, newest first, with the order each is about."""
    return (
        Grievance.objects.filter(filed_by=user).select_related("order").order_by("-filed_at", "-pk")
    )


def get_own_grievance_or_404(*, user: User, pk: int) -> Grievance:
    """One of the person's own grievances with its thread; 404 for anybody else's."""
    return get_object_or_404(
        Grievance.objects.filter(filed_by=user)
        .select_related("order", "shipment__seller")
        .prefetch_related(
            Prefetch("messages", queryset=GrievanceMessage.objects.select_related("author"))
        ),
        pk=pk,
    )


def seller_of(*, user: User) -> Seller | None:
    return Seller.objects.filter(user=user).first()


def buyer_order_by_number_or_pk(
    *, buyer: User, number: str = "", pk: int | None = None
) -> Order | None:
    """The buyer's own order named by its number (OB0000123) or id; None for anybody else's."""
    order_id = pk if pk is not None else order_id_from_number(number)
    if order_id is None:
        return None
    return Order.objects.filter(buyer=buyer, pk=order_id).first()


def seller_shipment_in_order(*, seller: Seller, number: str) -> Shipment | None:
    """The seller's own shipment in the order with that number; None otherwise."""
    order_id = order_id_from_number(number)
    if order_id is None:
        return None
    return Shipment.objects.select_related("order").filter(seller=seller, order_id=order_id).first()


def order_id_from_number(number: str) -> int | None:
    """OB0000123, ob123 or 123 -> 123."""
    text = number.strip().upper().removeprefix("OB")
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


def grievance_queue() -> QuerySet[Grievance]:
    """Grievances waiting for the grievance officer, oldest first."""
    return Grievance.objects.pending().order_by("filed_at", "pk")


def grievance_for_curator(*, pk: int) -> Grievance:
    return get_object_or_404(
        Grievance.objects.select_related(
            "filed_by", "order__buyer", "shipment__seller", "handled_by"
        ).prefetch_related(
            Prefetch("messages", queryset=GrievanceMessage.objects.select_related("author"))
        ),
        pk=pk,
    )
