"""Dashboard benchmark: /curate/dashboard/ over aggregates the size of two years of a big shop.

    .venv/bin/python bench/dashboard.py        # then read the dashboard section of bench/RESULTS.md

Uses its own PostgreSQL database (odop_bench_dashboard, created if missing; no other database is
touched). Loads the reference data (773 districts, 1,241 ODOP products), seeds 2,000 demo listings
(for the coverage figures), then fills the monthly aggregates directly, as the refresh would
after about a million orders: every district, state and ODOP product with a row in each of 24
months, and BENCH_SELLERS sellers (default 3,000) with a row each month. It then times the page
in-process through Django's test client, signed in as a curator, with DEBUG off: the default
period (12 months), 24 months, a sorted second page, and the districts CSV.

Then it times the refresh of one month: BENCH_REFRESH_ORDERS orders (default 40,000, about a
month of a million orders over two years) are inserted once, placed 13 months ago, with a
shipment and one or two lines each in every status, and `curation.sales.refresh_month` recomputes
that month (it reads only that month's orders, through grouped queries).
"""

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = os.environ.get("BENCH_DASHBOARD_DB", "odop_bench_dashboard")
SELLERS = int(os.environ.get("BENCH_SELLERS", "3000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
REFRESH_ORDERS = int(os.environ.get("BENCH_REFRESH_ORDERS", "40000"))
MONTHS = 24
ENV = {
    "DJANGO_SETTINGS_MODULE": "odop_bazaar.settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "REDIS_URL": "",
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "False",
    "MEDIA_ROOT": str(ROOT / "bench" / "out" / "dashboard-media"),
    "LOG_LEVEL": "WARNING",
}


def sh(*args: str) -> str:
    env = {**os.environ, **ENV}
    return subprocess.run(
        args, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare() -> None:
    exists = sh(
        "psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname = '{DB}'",
    )  # fmt: skip
    if "1" not in exists:
        sh("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    py = sys.executable
    sh(py, "manage.py", "migrate", "--no-input", "-v", "0")
    sh(py, "manage.py", "load_reference_data")
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from catalog.models import Listing

    if not Listing.objects.filter(is_demo=True).exists():
        sh(py, "manage.py", "seed_demo", "--listings", "2000", "--no-renditions")


def money(rng: random.Random, scale: int) -> Decimal:
    return Decimal(rng.randint(0, scale * 100)) / 100


def fill_aggregates() -> dict[str, int]:
    """Rows for 24 months ending this month, replacing whatever was there (reproducible: seed 7)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from catalog.models import OdopProduct
    from curation import sales
    from curation.models import (
        DistrictMonthSales,
        MonthSales,
        OdopProductMonthSales,
        SellerMonthStats,
        StateMonthSales,
    )
    from districts.models import District, State
    from sellers.models import Seller

    rng = random.Random(7)
    last = sales.month_start(timezone.localdate())
    months = [last]
    while len(months) < MONTHS:
        months.insert(0, sales.previous_month(months[0]))
    districts = list(District.objects.values_list("pk", flat=True))
    states = list(State.objects.values_list("pk", flat=True))
    products = list(OdopProduct.objects.values_list("pk", flat=True))

    with transaction.atomic():
        missing = SELLERS - Seller.objects.filter(display_name__startswith="Bench seller").count()
        if missing > 0:
            users = User.objects.bulk_create(
                User(email=f"bench-seller-{i}-{rng.random()}@example.test", full_name="Bench")
                for i in range(missing)
            )
            Seller.objects.bulk_create(
                Seller(
                    user=user,
                    kind=Seller.Kind.ARTISAN,
                    display_name=f"Bench seller {i}",
                    district_id=rng.choice(districts),
                    status=Seller.Status.VERIFIED,
                )
                for i, user in enumerate(users)
            )
        sellers = list(
            Seller.objects.filter(display_name__startswith="Bench seller").values_list(
                "pk", flat=True
            )
        )

        def figures(scale: int) -> dict:
            shipments = rng.randint(0, scale)
            delivered = rng.randint(0, shipments)
            cancelled = rng.randint(0, shipments - delivered)
            return {
                "orders_count": shipments,
                "shipments_count": shipments,
                "delivered_count": delivered,
                "cancelled_count": cancelled,
                "dispatched_count": delivered,
                "late_dispatch_count": rng.randint(0, delivered),
                "units": shipments * 2,
                "delivered_units": delivered * 2,
                "returned_units": rng.randint(0, delivered),
                "open_value": money(rng, 500 * (shipments - delivered - cancelled)),
                "delivered_value": money(rng, 800 * delivered),
                "returned_value": money(rng, 50 * delivered),
            }

        for model in (MonthSales, StateMonthSales, DistrictMonthSales, SellerMonthStats):
            model.objects.all().delete()
        OdopProductMonthSales.objects.all().delete()
        for month in months:
            MonthSales.objects.create(month=month, **figures(45_000))
            StateMonthSales.objects.bulk_create(
                StateMonthSales(state_id=pk, month=month, **figures(3_000)) for pk in states
            )
            DistrictMonthSales.objects.bulk_create(
                DistrictMonthSales(district_id=pk, month=month, **figures(120)) for pk in districts
            )
            SellerMonthStats.objects.bulk_create(
                SellerMonthStats(seller_id=pk, month=month, **figures(30)) for pk in sellers
            )
            OdopProductMonthSales.objects.bulk_create(
                OdopProductMonthSales(
                    odop_product_id=pk,
                    month=month,
                    units=rng.randint(0, 200),
                    open_value=money(rng, 20_000),
                    delivered_value=money(rng, 60_000),
                )
                for pk in products
            )
    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would leave
        cursor.execute("ANALYZE")
    return {
        "months": len(months),
        "districts": len(districts),
        "states": len(states),
        "products": len(products),
        "sellers": len(sellers),
        "district_rows": DistrictMonthSales.objects.count(),
        "seller_rows": SellerMonthStats.objects.count(),
        "product_rows": OdopProductMonthSales.objects.count(),
    }


def time_pages() -> list[dict]:
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    curator, _ = User.objects.get_or_create(
        email="bench-curator@example.test",
        defaults={"full_name": "Bench Curator", "is_staff": True},
    )
    curator.groups.add(Group.objects.get_or_create(name="Curators")[0])
    client = Client()
    client.force_login(curator)
    pages = [
        ("default period (12 months)", "/curate/dashboard/"),
        ("24 months", "/curate/dashboard/?period=24"),
        (
            "24 months, sellers by return rate, page 3",
            "/curate/dashboard/?period=24&sellers_sort=returned&sellers_page=3",
        ),
        ("districts CSV, 24 months", "/curate/dashboard/?period=24&format=csv&table=districts"),
    ]
    results = []
    for label, url in pages:
        assert client.get(url).status_code == 200  # warm-up
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = list(captured.captured_queries)  # the next request empties the log
        timings = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        results.append(
            {
                "label": label,
                "url": url,
                "median": statistics.median(timings),
                "p95": timings[max(0, round(0.95 * len(timings)) - 1)],
                "max": timings[-1],
                "queries": len(queries),
                "sql_ms": sum(float(q["time"]) for q in queries) * 1000,
                "kb": len(response.content) / 1024,
            }
        )
    return results


def time_refresh() -> dict:
    """Insert a month of orders once (13 months ago), then time refresh_month on it, twice."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from catalog.models import Listing
    from curation import sales
    from orders.models import Order, OrderLine, Shipment

    month = sales.month_start(timezone.localdate())
    for _ in range(13):
        month = sales.previous_month(month)
    start, end = sales.month_bounds(month)
    buyer, _ = User.objects.get_or_create(
        email="bench-refresh-buyer@example.test", defaults={"full_name": "Bench Buyer"}
    )
    existing = Order.objects.filter(buyer=buyer).count()
    if existing < REFRESH_ORDERS:
        rng = random.Random(11)
        listings = list(Listing.objects.select_related("seller__district")[:500])
        statuses = ["placed", "accepted", "packed", "dispatched", "delivered", "delivered"]
        statuses += ["delivered", "delivered", "cancelled"]
        with transaction.atomic():
            orders = Order.objects.bulk_create(
                Order(
                    buyer=buyer,
                    status=Order.Status.PLACED,
                    payment_method=Order.PaymentMethod.COD,
                    idempotency_key=f"bench-{index}",
                    ship_name="Bench Buyer",
                    ship_mobile="9876543210",
                    ship_line1="1 Bench Road",
                    ship_city="Lucknow",
                    ship_state_id=listings[0].seller.district.state_id,
                    ship_pin_code="226001",
                    total=Decimal("998.00"),
                    total_tax=Decimal("47.52"),
                )
                for index in range(existing, REFRESH_ORDERS)
            )
            span = int((end - start).total_seconds()) - 1
            moments = {
                order.pk: start + timedelta(seconds=rng.randint(0, span)) for order in orders
            }
            for order in orders:
                order.created_at = moments[order.pk]
            Order.objects.bulk_update(orders, ["created_at"], batch_size=2000)
            shipments = []
            for order in orders:
                listing = rng.choice(listings)
                status = rng.choice(statuses)
                placed = moments[order.pk]
                shipments.append(
                    Shipment(
                        order=order,
                        seller=listing.seller,
                        status=status,
                        supplier_state_id=listing.seller.district.state_id,
                        place_of_supply_id=order.ship_state_id,
                        total=Decimal("998.00"),
                        taxable_value=Decimal("950.48"),
                        total_tax=Decimal("47.52"),
                        dispatched_at=placed + timedelta(hours=rng.randint(2, 90))
                        if status in ("dispatched", "delivered")
                        else None,
                        delivered_at=placed + timedelta(days=5) if status == "delivered" else None,
                    )
                )
            Shipment.objects.bulk_create(shipments, batch_size=2000)
            OrderLine.objects.bulk_create(
                (
                    OrderLine(
                        shipment=shipment,
                        listing_id=rng.choice(listings).pk,
                        title="Bench item",
                        hsn_code="4420",
                        gst_rate=Decimal("5.00"),
                        unit_price=Decimal("499.00"),
                        quantity=2,
                        total=Decimal("998.00"),
                        taxable_value=Decimal("950.48"),
                    )
                    for shipment in shipments
                ),
                batch_size=2000,
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    timings = []
    for _ in range(2):
        began = time.perf_counter()
        sales.refresh_month(month)
        timings.append((time.perf_counter() - began) * 1000)
    return {
        "month": f"{month:%Y-%m}",
        "orders": Order.objects.filter(created_at__gte=start, created_at__lt=end).count(),
        "all_orders": Order.objects.count(),
        "awaiting": Shipment.objects.filter(status__in=["placed", "accepted", "packed"]).count(),
        "timings": timings,
    }


def report(sizes: dict[str, int], results: list[dict], refresh: dict) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    load = os.getloadavg()
    lines = [
        f"## Dashboard: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Command: `.venv/bin/python bench/dashboard.py` (in-process, Django test client, "
        f"DEBUG off, PostgreSQL {pg} database `{DB}`, {os.cpu_count()} cores shared with "
        f"other work: 1-minute load average {load[0]:.1f}).",
        f"- Aggregates: {sizes['months']} months × {sizes['districts']} districts "
        f"({sizes['district_rows']:,} rows), {sizes['states']} states, {sizes['products']:,} "
        f"ODOP products ({sizes['product_rows']:,} rows), {sizes['sellers']:,} sellers "
        f"({sizes['seller_rows']:,} rows): the size two years of about a million orders leave.",
        f"- Each page requested once to warm up, then {REPEAT} times.",
        "",
        "| page | median (ms) | p95 (ms) | max (ms) | SQL queries | SQL time (ms) | size (KB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['label']} (`{r['url']}`) | {r['median']:.0f} | {r['p95']:.0f} | "
            f"{r['max']:.0f} | {r['queries']} | {r['sql_ms']:.0f} | {r['kb']:.0f} |"
        )
    lines += [
        "",
        f"**Refresh of one month** (`curation.sales.refresh_month`, {refresh['month']}: "
        f"{refresh['orders']:,} orders of {refresh['all_orders']:,} in the database, one "
        f"shipment and one line each, every status): "
        f"{refresh['timings'][0]:,.0f} ms, then {refresh['timings'][1]:,.0f} ms run again. "
        "Beat runs it for the current and the previous month, and for any month whose orders "
        "changed, every 10 minutes.",
        "",
        "The page never reads orders for its sales figures: it sums the monthly rows above. "
        "Only the pending and slow sellers are read live, from the shipments awaiting dispatch "
        f"({refresh['awaiting']:,} here, from the refresh's orders once they exist: the first "
        "run times the page before they do) and the returns awaiting a decision.",
    ]
    return "\n".join(lines)


def main() -> None:
    prepare()
    sizes = fill_aggregates()
    results = time_pages()
    refresh = time_refresh()
    text = report(sizes, results, refresh)
    from bench.results_file import write_section

    write_section("dashboard", text)
    print(text)


if __name__ == "__main__":
    main()
