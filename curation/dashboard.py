"""Reads for /curate/dashboard/: every table from the monthly aggregates (see curation.sales for
what counts as a sale), except the pending and slow sellers, which are read live from the few
open shipments and returns. A fixed number of queries, however many orders there are."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

from babel.numbers import format_decimal
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    FloatField,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from catalog.models import Listing, OdopProduct
from districts.models import District, State
from odop_bazaar.money import format_inr, to_rupees
from orders.models import Order, ReturnRequest, Shipment
from sellers.models import Seller

from . import metrics
from .models import (
    DistrictMonthSales,
    MonthSales,
    OdopProductMonthSales,
    SalesRefresh,
    SellerMonthStats,
)
from .sales import ADDITIVE, month_start, months_between, previous_month

ZERO = Decimal("0.00")
PAGE_SIZE = 50
TOP = 20
PERIODS = {"1": 1, "3": 3, "6": 6, "12": 12, "24": 24}
DEFAULT_PERIOD = "12"


# --- Period ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def months(self) -> list[date]:
        return months_between(self.first, self.last)

    def month_filter(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}month__gte": self.first, f"{prefix}month__lte": self.last})


def period_of(months: int, *, today: date | None = None) -> Period:
    """The last `months` calendar months, ending with the current one (India time)."""
    last = month_start(today or timezone.localdate())
    first = last
    for _step in range(months - 1):
        first = previous_month(first)
    return Period(first=first, last=last)


# --- Cells and tables --------------------------------------------------------------------------


def count_text(value: int) -> str:
    return format_decimal(value, format="#,##,##0", locale="en_IN")


def ratio(part: Any, whole: Any) -> Fraction | None:
    return Fraction(part) / Fraction(whole) if whole else None


def percent(value: Fraction | None, places: str = "0.1") -> Decimal | None:
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator) * 100
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def decimal_of(value: Fraction | None, places: str = "0.001") -> Decimal | None:
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # lazy
    kind: str = "text"  # text, count, money, percent, gini, month, datetime
    sort: str = ""  # the ?<table>_sort= value that sorts by this column, if any


@dataclass
class Cell:
    """One value of a table: `text` for the page, `csv` for the file, each made when asked
    (formatting thousands of rupee amounts for a file that shows none of them costs)."""

    kind: str
    value: Any
    url: str = ""
    label: str = ""  # the column's, for tables shown as cards on phones

    @property
    def numeric(self) -> bool:
        return self.kind not in ("text", "month", "datetime")

    @property
    def text(self) -> str:
        kind, value = self.kind, self.value
        if value is None:
            return "—"
        if kind == "count":
            return count_text(value)
        if kind == "money":
            return format_inr(value)
        if kind == "percent":
            return f"{percent(value)} %"
        if kind == "gini":
            return str(decimal_of(value))
        if kind == "month":
            return date_format(value, "YEAR_MONTH_FORMAT")
        if kind == "datetime":
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        return str(value)

    @property
    def csv(self) -> str:
        kind, value = self.kind, self.value
        if value is None:
            return ""
        if kind == "money":
            return str(to_rupees(value))
        if kind == "percent":
            return str(percent(value, "0.01"))
        if kind == "gini":
            return str(decimal_of(value, "0.0001"))
        if kind == "month":
            return f"{value:%Y-%m}"
        if kind == "datetime":
            return timezone.localtime(value).isoformat()
        text = str(value)
        # A seller's name such as "=HYPERLINK(...)" must not run as a formula in a spreadsheet.
        return f"'{text}" if kind == "text" and text[:1] in ("=", "+", "-", "@") else text


def cell(kind: str, value: Any, url: str = "") -> Cell:
    return Cell(kind, value, url)


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    sort: str = ""
    page: Page | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _sorted(choice: str, options: dict[str, tuple[str, ...]], default: str) -> tuple[str, ...]:
    return options.get(choice) or options[default]


def _page(items: Any, number: str | None, paged: bool) -> tuple[Page | None, list]:
    if not paged:
        return None, list(items)
    page = Paginator(items, PAGE_SIZE).get_page(number)
    return page, list(page.object_list)


# --- Sales figures annotated onto states, districts, sellers, products -------------------------


def _with_sales(queryset: QuerySet, relation: str, period: Period, fields: list[str]) -> QuerySet:
    """Each row with the period's sums of its monthly rows (zero when it has none); the join
    reads only the period's months."""
    queryset = queryset.annotate(
        period_rows=FilteredRelation(relation, condition=period.month_filter(f"{relation}__"))
    )
    sums = {
        name: Coalesce(
            Sum(f"period_rows__{name}"), Value(ZERO) if name.endswith("_value") else Value(0)
        )
        for name in fields
    }
    return queryset.annotate(**sums).annotate(sales_value=F("open_value") + F("delivered_value"))


def _period_totals(
    model: type, key: str, period: Period, fields: list[str], **extra: Any
) -> QuerySet:
    """The period's sums grouped by `key`, straight from the monthly rows (no outer join):
    dicts with sum_<field> for each field, and sales_value."""
    return (
        model.objects.filter(period.month_filter())
        .values(key)
        .annotate(**{f"sum_{name}": Sum(name) for name in fields})
        .annotate(sales_value=F("sum_open_value") + F("sum_delivered_value"), **extra)
    )


def _attach(rows: list[dict], key: str, objects: dict[int, Any]) -> list[SimpleNamespace]:
    """Rows of _period_totals as objects: row.obj, row.<field> for each summed field."""
    return [
        SimpleNamespace(
            obj=objects[row[key]],
            sales_value=row["sales_value"],
            **{name[4:]: value for name, value in row.items() if name.startswith("sum_")},
        )
        for row in rows
    ]


AREA_FIELDS = ["orders_count", "units", "open_value", "delivered_value", "cancelled_count"]
AREA_SORTS = {
    "sales": ("-sales_value", "name"),
    "orders": ("-orders_count", "name"),
    "units": ("-units", "name"),
    "name": ("name",),
}


def _area_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("orders", _("Orders"), "count", "orders"),
        Column("units", _("Units sold"), "count", "units"),
        Column("open", _("Open value"), "money"),
        Column("delivered", _("Delivered value"), "money"),
        Column("sales", _("Sales value"), "money", "sales"),
        Column("share", _("Share of sales"), "percent"),
        Column("cancelled", _("Shipments cancelled"), "count"),
    ]


def _area_cells(area: Any, total: Decimal) -> list[Cell]:
    return [
        cell("count", area.orders_count),
        cell("count", area.units),
        cell("money", area.open_value),
        cell("money", area.delivered_value),
        cell("money", area.sales_value),
        cell("percent", ratio(area.sales_value, total)),
        cell("count", area.cancelled_count),
    ]


# --- The tables --------------------------------------------------------------------------------


@dataclass
class Context:
    period: Period
    params: dict[str, str]  # the request's GET parameters
    paged: bool = True  # False for the CSV files: every row
    now: datetime = field(default_factory=timezone.now)
    cache: dict[str, Any] = field(default_factory=dict)

    def district_count(self) -> int:
        if "districts" not in self.cache:
            self.cache["districts"] = District.objects.count()
        return self.cache["districts"]

    def total_sales(self) -> Decimal:
        if "total" not in self.cache:
            sums = MonthSales.objects.filter(self.period.month_filter()).aggregate(
                open=Coalesce(Sum("open_value"), Value(ZERO)),
                delivered=Coalesce(Sum("delivered_value"), Value(ZERO)),
            )
            self.cache["total"] = sums["open"] + sums["delivered"]
        return self.cache["total"]


def months_table(ctx: Context) -> Table:
    """Each month of the period: national figures and the regional balance over all districts."""
    period = ctx.period
    national = {row.month: row for row in MonthSales.objects.filter(period.month_filter())}
    by_month: dict[date, list[Decimal]] = defaultdict(list)
    for month, open_value, delivered in DistrictMonthSales.objects.filter(
        period.month_filter()
    ).values_list("month", "open_value", "delivered_value"):
        if open_value + delivered:
            by_month[month].append(open_value + delivered)
    district_count = ctx.district_count()
    columns = [
        Column("month", _("Month"), "month"),
        Column("orders", _("Orders"), "count"),
        Column("units", _("Units sold"), "count"),
        Column("open", _("Open value"), "money"),
        Column("delivered", _("Delivered value"), "money"),
        Column("sales", _("Sales value"), "money"),
        Column("returned", _("Returned value"), "money"),
        Column("cancelled", _("Shipments cancelled"), "count"),
        Column("districts", _("Districts with sales"), "count"),
        Column("lower_half", _("Share of the lower half"), "percent"),
        Column("gini", _("Gini coefficient"), "gini"),
    ]
    rows, chart = [], []
    for month in period.months:
        row = national.get(month) or MonthSales(month=month)
        sales = by_month[month]
        values = sales + [ZERO] * (district_count - len(sales))  # districts with no sales: 0
        balance = (metrics.lower_half_share(values), metrics.gini(values))
        rows.append(
            [
                cell("month", month),
                cell("count", row.orders_count),
                cell("count", row.units),
                cell("money", row.open_value),
                cell("money", row.delivered_value),
                cell("money", row.sales_value),
                cell("money", row.returned_value),
                cell("count", row.cancelled_count),
                cell("count", len(sales)),
                cell("percent", balance[0]),
                cell("gini", balance[1]),
            ]
        )
        chart.append((month, row.delivered_value, row.open_value, *balance))
    totals = MonthSales()
    for row in national.values():
        for name in ["orders_count", "units", "open_value", "delivered_value", "returned_value"]:
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    ctx.cache["total"] = totals.sales_value
    return Table(
        "months",
        _("Month by month"),
        columns,
        rows,
        extra={"chart": chart, "district_count": district_count, "totals": totals},
    )


def states_table(ctx: Context) -> Table:
    sort = ctx.params.get("states_sort", "sales")
    states = _with_sales(State.objects.all(), "month_sales", ctx.period, AREA_FIELDS)
    states = states.order_by(*_sorted(sort, AREA_SORTS, "sales"))
    total = ctx.total_sales()
    rows = [
        [cell("text", state.name, state.get_absolute_url()), *_area_cells(state, total)]
        for state in states
    ]
    return Table(
        "states",
        _("Sales by state"),
        _area_columns(Column("state", _("State or union territory"), "text", "name")),
        rows,
        sort if sort in AREA_SORTS else "sales",
    )


def districts_table(ctx: Context) -> Table:
    sort = ctx.params.get("districts_sort", "sales")
    options = {**AREA_SORTS, "name": ("name", "state__name")}
    districts = _with_sales(
        District.objects.select_related("state"), "month_sales", ctx.period, AREA_FIELDS
    ).order_by(*_sorted(sort, options, "sales"), "pk")
    page, items = _page(districts, ctx.params.get("districts_page"), ctx.paged)
    total = ctx.total_sales()
    rows = [
        [
            cell("text", district.name, district.get_absolute_url()),
            cell("text", district.state.name),
            *_area_cells(district, total),
        ]
        for district in items
    ]
    columns = _area_columns(Column("district", _("District"), "text", "name"))
    columns.insert(1, Column("state", _("State or union territory")))
    return Table(
        "districts",
        _("Sales by district"),
        columns,
        rows,
        sort if sort in options else "sales",
        page,
    )


def map_values(ctx: Context) -> dict[int, int]:
    """Each district's sales over the period in whole rupees, for the shaded map."""
    rows = (
        DistrictMonthSales.objects.filter(ctx.period.month_filter())
        .values("district_id")
        .annotate(value=Sum(F("open_value") + F("delivered_value")))
        .order_by()
    )
    return {row["district_id"]: int(row["value"]) for row in rows}


def coverage(ctx: Context) -> dict[str, Any]:
    """Districts and ODOP products with at least one live listing now."""
    covered = Listing.objects.live().aggregate(
        districts=Count("district_id", distinct=True),
        products=Count("odop_product_id", distinct=True),
    )
    figures = {
        "districts": {"covered": covered["districts"], "total": ctx.district_count()},
        "products": {"covered": covered["products"], "total": OdopProduct.objects.count()},
    }
    for item in figures.values():
        item["share"] = cell("percent", ratio(item["covered"], item["total"])).text
        item["uncovered"] = item["total"] - item["covered"]
    return figures


def uncovered_table(ctx: Context) -> Table:
    districts = (
        District.objects.exclude(pk__in=Listing.objects.live().values("district_id"))
        .select_related("state")
        .order_by("state__name", "name", "pk")
    )
    page, items = _page(districts, ctx.params.get("uncovered_districts_page"), ctx.paged)
    rows = [[cell("text", d.name, d.get_absolute_url()), cell("text", d.state.name)] for d in items]
    return Table(
        "uncovered_districts",
        _("Districts with no live listing"),
        [Column("district", _("District")), Column("state", _("State or union territory"))],
        rows,
        page=page,
    )


def products_table(ctx: Context) -> Table:
    fields = ["units", "returned_units", "open_value", "delivered_value"]
    totals = (
        _period_totals(OdopProductMonthSales, "odop_product_id", ctx.period, fields)
        .filter(Q(sum_units__gt=0) | Q(sales_value__gt=0))
        .order_by("-sales_value", "odop_product_id")
    )
    totals = list(totals[:TOP] if ctx.paged else totals)
    found = OdopProduct.objects.select_related("district__state").in_bulk(
        [row["odop_product_id"] for row in totals]
    )
    total = ctx.total_sales()
    rows = [
        [
            cell("text", p.obj.name, p.obj.get_absolute_url()),
            cell("text", p.obj.district.name, p.obj.district.get_absolute_url()),
            cell("text", p.obj.district.state.name),
            cell("count", p.units),
            cell("money", p.sales_value),
            cell("percent", ratio(p.sales_value, total)),
            cell("count", p.returned_units),
        ]
        for p in _attach(totals, "odop_product_id", found)
    ]
    columns = [
        Column("product", _("ODOP product")),
        Column("district", _("District")),
        Column("state", _("State or union territory")),
        Column("units", _("Units sold"), "count"),
        Column("sales", _("Sales value"), "money"),
        Column("share", _("Share of sales"), "percent"),
        Column("returned", _("Units returned"), "count"),
    ]
    return Table("top_products", _("Top ODOP products"), columns, rows)


def _rate(part: str, whole: str) -> Any:
    return Cast(F(part), FloatField()) / NullIf(Cast(F(whole), FloatField()), Value(0.0))


SELLER_FIELDS = ADDITIVE  # every additive figure, summed over the period
SELLER_SORTS = {
    "sales": ("-sales_value",),
    "shipments": ("-sum_shipments_count",),
    "cancelled": (F("cancel_rate").desc(nulls_last=True),),
    "returned": (F("return_rate").desc(nulls_last=True),),
    "late": (F("late_rate").desc(nulls_last=True),),
    "name": ("seller__display_name",),
}


def sellers_table(ctx: Context) -> Table:
    """Every seller with a shipment in the period: sales and the rates that show trouble."""
    sort = ctx.params.get("sellers_sort", "sales")
    totals = (
        _period_totals(
            SellerMonthStats,
            "seller_id",
            ctx.period,
            SELLER_FIELDS,
            cancel_rate=_rate("sum_cancelled_count", "sum_shipments_count"),
            return_rate=_rate("sum_returned_units", "sum_delivered_units"),
            late_rate=_rate("sum_late_dispatch_count", "sum_dispatched_count"),
        )
        .filter(sum_shipments_count__gt=0)
        .order_by(*_sorted(sort, SELLER_SORTS, "sales"), "seller_id")
    )
    page, items = _page(totals, ctx.params.get("sellers_page"), ctx.paged)
    found = Seller.objects.select_related("district").in_bulk([row["seller_id"] for row in items])
    rows = [
        [
            cell("text", s.obj.display_name),
            cell("text", s.obj.district.name, s.obj.district.get_absolute_url()),
            cell("money", s.sales_value),
            cell("count", s.shipments_count),
            cell("count", s.cancelled_count),
            cell("percent", ratio(s.cancelled_count, s.shipments_count)),
            cell("count", s.delivered_units),
            cell("count", s.returned_units),
            cell("percent", ratio(s.returned_units, s.delivered_units)),
            cell("count", s.late_dispatch_count),
            cell("percent", ratio(s.late_dispatch_count, s.dispatched_count)),
        ]
        for s in _attach(items, "seller_id", found)
    ]
    columns = [
        Column("seller", _("Seller"), "text", "name"),
        Column("district", _("District")),
        Column("sales", _("Sales value"), "money", "sales"),
        Column("shipments", _("Orders"), "count", "shipments"),
        Column("cancelled", _("Cancelled"), "count"),
        Column("cancel_rate", _("Cancellation rate"), "percent", "cancelled"),
        Column("delivered_units", _("Units delivered"), "count"),
        Column("returned_units", _("Units returned"), "count"),
        Column("return_rate", _("Return rate"), "percent", "returned"),
        Column("late", _("Dispatched late"), "count"),
        Column("late_rate", _("Late dispatch rate"), "percent", "late"),
    ]
    return Table(
        "sellers",
        _("Sellers: sales, cancellations and returns"),
        columns,
        rows,
        sort if sort in SELLER_SORTS else "sales",
        page,
    )


def _waiting(ctx: Context) -> list[dict[str, Any]]:
    """Sellers with orders awaiting dispatch or returns awaiting their decision, read live."""
    if "waiting" in ctx.cache:
        return ctx.cache["waiting"]
    due = ctx.now - timedelta(hours=settings.SLOW_DISPATCH_HOURS)
    rows: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"awaiting": 0, "overdue": 0, "oldest": None, "returns": 0, "oldest_return": None}
    )
    for row in (
        Shipment.objects.filter(
            order__status=Order.Status.PLACED,
            status__in=[Shipment.Status.PLACED, Shipment.Status.ACCEPTED, Shipment.Status.PACKED],
        )
        .values("seller_id")
        .annotate(
            awaiting=Count("pk"),
            overdue=Count("pk", filter=Q(order__created_at__lt=due)),
            oldest=Min("order__created_at"),
        )
        .order_by()
    ):
        rows[row.pop("seller_id")].update(row)
    for seller_id, count, oldest in (
        ReturnRequest.objects.filter(status=ReturnRequest.Status.REQUESTED)
        .values("shipment__seller_id")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
        .values_list("shipment__seller_id", "n", "oldest")
        .order_by()
    ):
        rows[seller_id].update(returns=count, oldest_return=oldest)
    sellers = Seller.objects.select_related("district").in_bulk(list(rows))
    waiting = []
    for seller_id, row in rows.items():
        row["seller"] = sellers[seller_id]
        starts = [moment for moment in (row["oldest"], row["oldest_return"]) if moment]
        row["since"] = min(starts)
        waiting.append(row)
    waiting.sort(key=lambda row: (row["since"], row["seller"].pk))
    ctx.cache["waiting"] = waiting
    return waiting


def _seller_cells(seller: Seller) -> list[Cell]:
    return [
        cell("text", seller.display_name),
        cell("text", seller.district.name, seller.district.get_absolute_url()),
    ]


def pending_table(ctx: Context) -> Table:
    page, items = _page(_waiting(ctx), ctx.params.get("pending_page"), ctx.paged)
    rows = [
        [
            *_seller_cells(row["seller"]),
            cell("count", row["awaiting"]),
            cell("datetime", row["oldest"]),
            cell("count", row["returns"]),
            cell("datetime", row["oldest_return"]),
        ]
        for row in items
    ]
    columns = [
        Column("seller", _("Seller")),
        Column("district", _("District")),
        Column("awaiting_dispatch", _("Orders awaiting dispatch"), "count"),
        Column("oldest_order", _("Oldest placed"), "datetime"),
        Column("returns", _("Returns awaiting decision"), "count"),
        Column("oldest_return", _("Oldest return asked"), "datetime"),
    ]
    return Table("pending", _("Sellers with pending actions"), columns, rows, page=page)


def slow_table(ctx: Context) -> Table:
    slow = sorted(
        (row for row in _waiting(ctx) if row["overdue"]),
        key=lambda row: (row["oldest"], row["seller"].pk),
    )
    page, items = _page(slow, ctx.params.get("slow_page"), ctx.paged)
    rows = [
        [
            *_seller_cells(row["seller"]),
            cell("count", row["overdue"]),
            cell("datetime", row["oldest"]),
            cell("count", int((ctx.now - row["oldest"]).total_seconds() // 3600)),
        ]
        for row in items
    ]
    columns = [
        Column("seller", _("Seller")),
        Column("district", _("District")),
        Column("overdue", _("Orders not dispatched in time"), "count"),
        Column("oldest_order", _("Oldest placed"), "datetime"),
        Column("hours", _("Hours waiting"), "count"),
    ]
    return Table("slow", _("Slow sellers"), columns, rows, page=page)


TABLES: dict[str, Callable[[Context], Table]] = {
    "months": months_table,
    "states": states_table,
    "districts": districts_table,
    "uncovered_districts": uncovered_table,
    "top_products": products_table,
    "sellers": sellers_table,
    "pending": pending_table,
    "slow": slow_table,
}


def refreshed_at() -> datetime | None:
    mark = SalesRefresh.objects.filter(pk=1).first()
    return mark.refreshed_at if mark else None
