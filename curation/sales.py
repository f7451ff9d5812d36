"""The dashboard's sales aggregates: rebuilt month by month from the orders, safe to run twice.

Definitions (also on the dashboard page and in curation.models.SalesFigures):
- A month holds the orders *placed* in it, India time, as they stand at the refresh.
- Only confirmed orders count: status "placed" (cash on delivery, or paid online).
- Sales value = open value + delivered value, GST included:
  open = totals of shipments not yet delivered nor cancelled (placed, accepted, packed,
  dispatched); delivered = totals of delivered shipments less the credit notes of the returns
  received against them. Cancelled shipments add nothing (they are counted apart).
- Sales belong to the seller's district (where the product is made), not the buyer's.
- Units sold: units of shipments not cancelled, less the units returned.
- A dispatch is late when it came more than SLOW_DISPATCH_HOURS after the order was placed.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from orders.models import (
    CreditNote,
    CreditNoteLine,
    Order,
    OrderLine,
    Shipment,
    ShipmentStatusChange,
)
from sellers.models import Seller

from .models import (
    DistrictMonthSales,
    MonthSales,
    OdopProductMonthSales,
    SalesRefresh,
    SellerMonthStats,
    StateMonthSales,
)

S = Shipment.Status
OPEN = [S.PLACED, S.ACCEPTED, S.PACKED, S.DISPATCHED]
ADDITIVE = [
    "shipments_count",
    "cancelled_count",
    "delivered_count",
    "dispatched_count",
    "late_dispatch_count",
    "units",
    "delivered_units",
    "returned_units",
    "open_value",
    "delivered_value",
    "returned_value",
]
# Events can commit out of id order; look this many ids back each time, to catch them.
OVERLAP_IDS = 500


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as an aware [start, end) range in the site's time zone (India)."""
    return (
        timezone.make_aware(datetime.combine(month, time.min)),
        timezone.make_aware(datetime.combine(next_month(month), time.min)),
    )


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _confirmed_shipments(month: date) -> QuerySet[Shipment]:
    start, end = month_bounds(month)
    return Shipment.objects.filter(
        order__status=Order.Status.PLACED, order__created_at__gte=start, order__created_at__lt=end
    ).order_by()


def _seller_figures(month: date) -> dict[int, dict[str, object]]:
    """Every additive figure of the month, by seller: two grouped queries."""
    shipments = _confirmed_shipments(month)
    late = F("order__created_at") + timedelta(hours=settings.SLOW_DISPATCH_HOURS)
    rows: dict[int, dict[str, object]] = {}
    for row in shipments.values("seller_id").annotate(
        shipments_count=Count("pk"),
        cancelled_count=Count("pk", filter=Q(status=S.CANCELLED)),
        delivered_count=Count("pk", filter=Q(status=S.DELIVERED)),
        dispatched_count=Count("pk", filter=Q(dispatched_at__isnull=False)),
        late_dispatch_count=Count("pk", filter=Q(dispatched_at__gt=late)),
        open_value=Sum("total", filter=Q(status__in=OPEN)),
        delivered_value=Sum(F("total") - F("credited_total"), filter=Q(status=S.DELIVERED)),
        returned_value=Sum("credited_total", filter=Q(status=S.DELIVERED)),
    ):
        rows[row.pop("seller_id")] = row
    lines = OrderLine.objects.filter(shipment__in=shipments.values("pk")).order_by()
    for row in lines.values("shipment__seller_id").annotate(
        units=Sum(F("quantity") - F("returned_quantity"), filter=~Q(shipment__status=S.CANCELLED)),
        delivered_units=Sum("quantity", filter=Q(shipment__status=S.DELIVERED)),
        returned_units=Sum("returned_quantity", filter=Q(shipment__status=S.DELIVERED)),
    ):
        rows[row.pop("shipment__seller_id")].update(row)
    for row in rows.values():
        for field in ADDITIVE:
            if row.get(field) is None:
                row[field] = Decimal("0.00") if field.endswith("_value") else 0
    return rows


def _add(total: dict[str, object], row: dict[str, object]) -> None:
    for field in ADDITIVE:
        total[field] = total.get(field, 0) + row[field]


def _product_rows(month: date) -> list[OdopProductMonthSales]:
    shipments = _confirmed_shipments(month)
    lines = OrderLine.objects.filter(shipment__in=shipments.values("pk")).order_by()
    credited = dict(
        CreditNoteLine.objects.filter(
            order_line__in=lines.filter(shipment__status=S.DELIVERED).values("pk")
        )
        .order_by()
        .values("order_line__listing__odop_product_id")
        .annotate(value=Sum("total"))
        .values_list("order_line__listing__odop_product_id", "value")
    )
    rows = []
    for row in lines.values("listing__odop_product_id").annotate(
        units=Sum(F("quantity") - F("returned_quantity"), filter=~Q(shipment__status=S.CANCELLED)),
        returned_units=Sum("returned_quantity", filter=Q(shipment__status=S.DELIVERED)),
        open_value=Sum("total", filter=Q(shipment__status__in=OPEN)),
        delivered_gross=Sum("total", filter=Q(shipment__status=S.DELIVERED)),
    ):
        product_id = row["listing__odop_product_id"]
        returned = credited.get(product_id) or Decimal("0.00")
        rows.append(
            OdopProductMonthSales(
                odop_product_id=product_id,
                month=month,
                units=row["units"] or 0,
                returned_units=row["returned_units"] or 0,
                open_value=row["open_value"] or Decimal("0.00"),
                delivered_value=(row["delivered_gross"] or Decimal("0.00")) - returned,
                returned_value=returned,
            )
        )
    return rows


def _distinct_orders(month: date, by: str) -> dict[int, int]:
    return dict(
        _confirmed_shipments(month)
        .values(by)
        .annotate(n=Count("order_id", distinct=True))
        .values_list(by, "n")
    )


@transaction.atomic
def refresh_month(month: date) -> None:
    """Replace the month's rows in every aggregate with figures computed afresh from the orders."""
    month = month_start(month)
    sellers = _seller_figures(month)
    homes = {
        pk: (district_id, state_id)
        for pk, district_id, state_id in Seller.objects.filter(pk__in=sellers).values_list(
            "pk", "district_id", "district__state_id"
        )
    }
    districts: dict[int, dict[str, object]] = defaultdict(dict)
    states: dict[int, dict[str, object]] = defaultdict(dict)
    nation: dict[str, object] = {}
    for seller_id, row in sellers.items():
        district_id, state_id = homes[seller_id]
        _add(districts[district_id], row)
        _add(states[state_id], row)
        _add(nation, row)
    district_orders = _distinct_orders(month, "seller__district_id")
    state_orders = _distinct_orders(month, "seller__district__state_id")
    start, end = month_bounds(month)
    orders = Order.objects.filter(
        status=Order.Status.PLACED, created_at__gte=start, created_at__lt=end
    ).count()

    for model in (MonthSales, StateMonthSales, DistrictMonthSales, SellerMonthStats):
        model.objects.filter(month=month).delete()
    OdopProductMonthSales.objects.filter(month=month).delete()
    if nation:
        MonthSales.objects.create(month=month, orders_count=orders, **nation)
    StateMonthSales.objects.bulk_create(
        StateMonthSales(state_id=pk, month=month, orders_count=state_orders.get(pk, 0), **row)
        for pk, row in states.items()
    )
    DistrictMonthSales.objects.bulk_create(
        DistrictMonthSales(
            district_id=pk, month=month, orders_count=district_orders.get(pk, 0), **row
        )
        for pk, row in districts.items()
    )
    SellerMonthStats.objects.bulk_create(
        SellerMonthStats(seller_id=pk, month=month, orders_count=row["shipments_count"], **row)
        for pk, row in sellers.items()
    )
    OdopProductMonthSales.objects.bulk_create(_product_rows(month))


def refresh_months(months: Iterable[date]) -> list[date]:
    """Refresh each month in its own transaction, oldest first; returns the months done."""
    done = sorted({month_start(month) for month in months})
    for month in done:
        refresh_month(month)
    return done


def _months_of(queryset: QuerySet, field: str) -> set[date]:
    return {moment.date() for moment in queryset.datetimes(field, "month")}


@transaction.atomic
def refresh_recent(*, now: datetime | None = None) -> list[date]:
    """Refresh the current and previous month, and every month whose orders changed since the
    last run (a shipment moved, a credit note was issued). Safe to run twice or concurrently:
    the bookmark row is locked, and each month is recomputed from scratch."""
    now = now or timezone.now()
    SalesRefresh.objects.get_or_create(pk=1)
    mark = SalesRefresh.objects.select_for_update().get(pk=1)
    last_change = ShipmentStatusChange.objects.aggregate(n=Max("pk"))["n"] or 0
    last_note = CreditNote.objects.aggregate(n=Max("pk"))["n"] or 0
    this_month = month_start(timezone.localdate(now))
    months = {this_month, previous_month(this_month)}
    months |= _months_of(
        ShipmentStatusChange.objects.filter(
            pk__gt=mark.last_status_change_id - OVERLAP_IDS, pk__lte=last_change
        ),
        "shipment__order__created_at",
    )
    months |= _months_of(
        CreditNote.objects.filter(pk__gt=mark.last_credit_note_id - OVERLAP_IDS, pk__lte=last_note),
        "shipment__order__created_at",
    )
    done = refresh_months(months)
    mark.last_status_change_id, mark.last_credit_note_id = last_change, last_note
    mark.refreshed_at = now
    mark.save()
    return done


def refresh_all(*, now: datetime | None = None) -> list[date]:
    """Rebuild every month from the first order to now, and drop months with no orders left."""
    now = now or timezone.now()
    first = Order.objects.aggregate(first=Min("created_at"))["first"]
    this_month = month_start(timezone.localdate(now))
    months = months_between(timezone.localdate(first), this_month) if first else []
    for model in (MonthSales, StateMonthSales, DistrictMonthSales, SellerMonthStats):
        model.objects.exclude(month__in=months).delete()
    OdopProductMonthSales.objects.exclude(month__in=months).delete()
    done = refresh_months(months)
    refresh_recent(now=now)  # moves the bookmark; the recent months are quick
    return done
