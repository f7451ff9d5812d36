"""Checkout benchmark: 50 concurrent buyers placing cash-on-delivery orders through gunicorn.

    .venv/bin/python bench/checkout.py            # then read the checkout section of bench/RESULTS.md

Uses its own PostgreSQL database (odop_bench_checkout, created if missing; no other database
is touched), Redis DB 4 for sessions, cache and the Celery queue (emptied afterwards), and
gunicorn on 127.0.0.1:8094. Each buyer is a thread with its own session that loops:
add a listing to the cart, open the review step (GST break-up, idempotency key), place the
order. "Checkout latency" is the place-order POST alone (one transaction: lock, reserve stock,
order, shipments, lines, notifications queued); "flow" is the three requests together.
A second phase races the 50 buyers for the last 10 units of one listing.
"""

import argparse
import importlib
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = os.environ.get("BENCH_CHECKOUT_DB", "odop_bench_checkout")
PORT = int(os.environ.get("BENCH_CHECKOUT_PORT", "8094"))
REDIS_URL = os.environ.get("BENCH_CHECKOUT_REDIS_URL", "redis://127.0.0.1:6379/4")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "odop_bazaar.settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "REDIS_URL": REDIS_URL,
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "False",
    "RAZORPAY_KEY_SECRET": "bench-only-key-secret",
    "RAZORPAY_WEBHOOK_SECRET": "bench-only-webhook-secret",
    "MEDIA_ROOT": str(ROOT / "bench" / "out" / "checkout-media"),
    "LOG_LEVEL": "WARNING",
}
BASE = f"http://127.0.0.1:{PORT}"


def sh(*args: str) -> str:
    return subprocess.run(
        args, cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    ).stdout


def prepare(buyers: int) -> dict:
    """Database, reference and demo data, buyers with sessions and addresses; returns their cookies."""
    exists = sh(
        "psql",
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname = '{DB}'",
    )
    if "1" not in exists:
        sh("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    py = sys.executable
    sh(py, "manage.py", "migrate", "--no-input", "-v", "0")
    sh(py, "manage.py", "load_reference_data")
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db.models import Count

    from accounts.models import Address, User
    from catalog.models import Listing
    from orders.models import CartLine

    if not Listing.objects.filter(is_demo=True).exists():
        sh(py, "manage.py", "seed_demo", "--listings", "300", "--no-renditions")
    # Listings of the state with the most live listings, so every buyer (delivering there) can
    # buy from registered and unregistered sellers alike.
    state_id = (
        Listing.objects.live()
        .values("district__state")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["district__state"]
    )
    listing_ids = list(
        Listing.objects.live().filter(district__state_id=state_id).values_list("pk", flat=True)[:20]
    )
    Listing.objects.filter(pk__in=listing_ids).update(stock=1_000_000)
    CartLine.objects.all().delete()
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for index in range(buyers):
        user, _ = User.objects.get_or_create(
            email=f"bench-buyer-{index}@example.test",
            defaults={"full_name": f"Bench Buyer {index}"},
        )
        address = Address.objects.filter(user=user).first() or Address.objects.create(
            user=user,
            full_name=user.full_name,
            mobile="9876543210",
            line1="1 Bench Road",
            city="Bench",
            state_id=state_id,
            pin_code="110001",
        )
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append({"session": session.session_key, "address": address.pk})
    race_listing = Listing.objects.get(pk=listing_ids[-1])
    return {"buyers": cookies, "listings": listing_ids[:-1], "race_listing": race_listing.pk}


class Buyer:
    def __init__(self, session_key: str, address: int) -> None:
        import requests

        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key, domain="127.0.0.1")
        self.session_key = session_key
        self.address = address
        self.csrf = ""
        self.cookies: dict[str, str] = {}

    def _csrf(self, listing_id: int) -> None:
        page = self.http.get(f"{BASE}/listings/{listing_id}-x/", allow_redirects=True)
        self.csrf = (
            self.http.cookies.get("csrftoken")
            or re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        )
        # With DEBUG off the cookies are Secure; this plain-HTTP loopback client sends them anyway.
        self.http.cookies.clear()
        self.cookies = {"sessionid": self.session_key, "csrftoken": self.csrf}

    def post(self, path: str, data: dict):  # type: ignore[no-untyped-def]
        return self.http.post(
            f"{BASE}{path}",
            data={**data, "csrfmiddlewaretoken": self.csrf},
            headers={"Referer": BASE + "/"},
            cookies=self.cookies,
            allow_redirects=False,
        )

    def buy(self, listing_id: int) -> tuple[float, float, int]:
        """(flow seconds, place-order seconds, place-order status)."""
        started = time.perf_counter()
        self.post("/cart/add/", {"listing": listing_id, "quantity": 1})
        review = self.post(
            "/checkout/", {"address": self.address, "payment_method": "cod", "review": "1"}
        )
        key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', review.text)
        total = re.search(r'name="expected_total" value="([0-9.]+)"', review.text)
        if not key or not total:
            return time.perf_counter() - started, 0.0, review.status_code
        placing = time.perf_counter()
        placed = self.post(
            "/checkout/place/",
            {
                "address": self.address,
                "payment_method": "cod",
                "idempotency_key": key[1],
                "expected_total": total[1],
            },
        )
        done = time.perf_counter()
        return done - started, done - placing, placed.status_code


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0
    )


def run_load(buyers: list[Buyer], listings: list[int], seconds: float) -> dict:
    results: list[tuple[float, float, int]] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    start = threading.Barrier(len(buyers))

    def loop(index: int, buyer: Buyer) -> None:
        start.wait()
        turn = index
        while time.perf_counter() < stop_at:
            outcome = buyer.buy(listings[turn % len(listings)])
            turn += 1
            with lock:
                results.append(outcome)

    began = time.perf_counter()
    cpu_before = time.process_time()
    threads = [threading.Thread(target=loop, args=(i, b)) for i, b in enumerate(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    client_cores = (time.process_time() - cpu_before) / elapsed
    ok = [r for r in results if r[2] == 302]
    return {
        "elapsed": elapsed,
        "orders": len(ok),
        "statuses": {
            code: sum(1 for r in results if r[2] == code)
            for code in sorted({r[2] for r in results})
        },
        "throughput": len(ok) / elapsed,
        "place_p50": percentile([r[1] for r in ok], 50),
        "place_p95": percentile([r[1] for r in ok], 95),
        "place_p99": percentile([r[1] for r in ok], 99),
        "place_mean": statistics.fmean([r[1] for r in ok]) if ok else 0.0,
        "flow_p95": percentile([r[0] for r in ok], 95),
        "client_cores": client_cores,
    }


def run_race(buyers: list[Buyer], listing_id: int) -> dict:
    """All buyers at once for the last 10 units of one listing."""
    from catalog.models import Listing
    from orders.models import OrderLine

    Listing.objects.filter(pk=listing_id).update(stock=10)
    before = OrderLine.objects.filter(listing_id=listing_id).count()
    outcomes: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(len(buyers))

    def one(buyer: Buyer) -> None:
        start.wait()
        code = buyer.buy(listing_id)[2]
        with lock:
            outcomes.append(code)

    threads = [threading.Thread(target=one, args=(b,)) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "statuses": {code: outcomes.count(code) for code in sorted(set(outcomes))},
        "stock_after": Listing.objects.get(pk=listing_id).stock,
        "lines_sold": OrderLine.objects.filter(listing_id=listing_id).count() - before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
    args = parser.parse_args()
    if PORT == 8000:
        raise SystemExit("Port 8000 is for make run.")

    load_before = os.getloadavg()[0]
    data = prepare(args.buyers)
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "odop_bazaar.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        import requests

        for _ in range(100):
            try:
                requests.get(f"{BASE}/cart/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.1)
        buyers = [Buyer(b["session"], b["address"]) for b in data["buyers"]]
        for buyer in buyers:
            buyer._csrf(data["listings"][0])
        run_load(
            buyers, data["listings"], seconds=min(5, args.seconds)
        )  # warm-up: connections, caches
        single = run_load(buyers[:1], data["listings"], seconds=min(10, args.seconds))
        load = run_load(buyers, data["listings"], seconds=args.seconds)
        race = run_race(buyers, data["race_listing"])
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        import redis
        from django.conf import settings

        # The e-mail (and any other) tasks nobody consumed, on every queue.
        redis.Redis.from_url(REDIS_URL).delete(*settings.WORK_QUEUES)

    load["loadavg"] = (load_before, os.getloadavg()[0])
    write_report(args, single, load, race)
    print(Path(args.output).read_text())


def write_report(args: argparse.Namespace, single: dict, load: dict, race: dict) -> None:
    cpu = os.cpu_count()
    pg = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    text = f"""## Checkout benchmark (issue 5)

Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `.venv/bin/python bench/checkout.py` \
(`--buyers {args.buyers} --seconds {args.seconds:g} --workers {args.workers}`).
Machine: {cpu} cores; PostgreSQL {pg}; Redis for sessions, cache and the Celery queue;
gunicorn {args.workers} sync workers on 127.0.0.1:{PORT}; DEBUG off. The load generator (Python
threads) runs on the same {cpu} cores as gunicorn and PostgreSQL, so the figures are a floor.
Load average (1 min) before and after the run: {load["loadavg"][0]:.1f} and
{load["loadavg"][1]:.1f}; anything above ~1 means other work shared the cores and the
figures below understate what the code does on a quiet machine.

### {args.buyers} concurrent buyers, {args.seconds:g} s, cash on delivery

Each buyer loops: add a listing to the cart → review step (GST break-up per line) → place the
order. Listings from 19 sellers' stock, so orders do not queue on one row.

| measure | value |
|---|---|
| orders placed | {load["orders"]} in {load["elapsed"]:.1f} s |
| **checkout throughput** | **{load["throughput"]:.1f} orders/s** |
| place-order POST, p50 | {load["place_p50"] * 1000:.0f} ms |
| **place-order POST, p95** | **{load["place_p95"] * 1000:.0f} ms** |
| place-order POST, p99 | {load["place_p99"] * 1000:.0f} ms |
| whole flow (3 requests), p95 | {load["flow_p95"] * 1000:.0f} ms |
| answers to place-order | {", ".join(f"{code}: {count}" for code, count in load["statuses"].items())} |
| CPU used by the load generator itself | {load["client_cores"]:.2f} of {cpu} cores |

One buyer alone (no queueing: the time the server spends), for comparison:
{single["orders"]} orders in {single["elapsed"]:.1f} s, {single["throughput"]:.1f} orders/s,
place-order POST p50 {single["place_p50"] * 1000:.0f} ms, p95 {single["place_p95"] * 1000:.0f} ms.
With {args.buyers} buyers on {args.workers} workers most of the latency above is waiting for a
free worker (Little's law: {args.buyers} buyers ÷ {load["throughput"]:.1f} flows/s ≈
{args.buyers / load["throughput"] if load["throughput"] else 0:.1f} s per three-request flow).

### {args.buyers} buyers race for the last 10 units of one listing

| measure | value |
|---|---|
| answers | {", ".join(f"{code}: {count}" for code, count in race["statuses"].items())} (302 = order placed, 409 = out of stock) |
| units sold | {race["lines_sold"]} |
| stock after | {race["stock_after"]} |

Never oversold, no 500: the place-order transaction locks the listings in id order and takes
stock with `UPDATE … WHERE stock >= q`.
"""
    from bench.results_file import write_section

    write_section("checkout", text)


if __name__ == "__main__":
    main()
