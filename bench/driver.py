"""Benchmark driver, called by bench/run.sh once gunicorn is starting.

1. Picks the URLs from the seeded database (the district with the most live listings, one of
   its listings, a search with filters) and checks that each answers 200.
2. Counts the SQL queries of each page in-process (Django test client, same settings).
3. Loads each URL with wrk on loopback (warm-up, then a bounded measurement) and reads
   requests per second and p50/p99 latency.
4. Times 200 varied searches with filters in-process, through the same FilterSet and
   paginator as the search page, and reports p50/p95/p99.
5. Writes the figures between the markers of bench/RESULTS.md (the rest of the file is kept)
   and the raw figures to bench/out/results.json.
"""

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from catalog import selectors  # noqa: E402
from catalog.filters import ListingFilter  # noqa: E402
from catalog.models import Category, Listing, OdopProduct  # noqa: E402
from catalog.querysets import live_listing_q  # noqa: E402
from districts.models import District, State  # noqa: E402
from odop_bazaar.pagination import (  # noqa: E402
    PAGE_SIZE,
    STOREFRONT_COUNT_CAP,
    BoundedPaginator,
)

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SEARCH_QUERIES = 200
CEILING = "/bench/ceiling/"
BUYER_EMAIL = "bench-buyer@bench.odop-bazaar.invalid"
# Goals (issue 12): a cache hit for an anonymous visitor costs little more than the trivial
# view; a signed-in buyer (session, cart, header of their own) gets at least a quarter of it.
GOAL_ANONYMOUS, GOAL_SIGNED_IN = 0.8, 0.25


def pick_urls() -> list[tuple[str, str]]:
    """(label, path) of each page to load, chosen from the seeded data."""
    district = (
        District.objects.annotate(n=Count("listings"))
        .filter(live_listing_q("listings__"))
        .order_by("-n", "pk")
        .first()
    )
    if district is None:
        raise SystemExit("No live listings: seed the database first.")
    listing = Listing.objects.live().filter(district=district).order_by("pk")[50]
    category = Category.objects.order_by("position", "name").first()
    return [
        ("home `/`", "/"),
        ("district storefront", district.get_absolute_url()),
        ("listing page", listing.get_absolute_url()),
        ("search with filters", "/search/?q=silk+saree&in_stock=on&min_price=500&sort=relevance"),
        ("search, one filter", f"/search/?q=handicraft&state={district.state.slug}"),
        ("category page", category.get_absolute_url()),
        ("typo search (pashmeena)", "/search/?q=pashmeena"),
    ]


def signed_in_buyer(listing: Listing) -> Client:
    """A buyer signed in with one listing in the cart: a session the server reads too (the
    driver runs with the server's settings, so the same session store)."""
    buyer = User.objects.filter(email=BUYER_EMAIL).first() or User.objects.create_user(
        email=BUYER_EMAIL, password=None
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(buyer)
    client.post("/cart/add/", {"listing": listing.pk, "quantity": 1})
    client.get("/cart/")  # shows the "added" message, so none is left waiting
    return client


def cookie_header(client: Client) -> str:
    return "; ".join(
        f"{name}={morsel.value}" for name, morsel in client.cookies.items() if morsel.value
    )


def wait_for_server(base_url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base_url + CEILING, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def fetch(base_url: str, path: str, cookie: str = "") -> tuple[int, int, int]:
    """Status, body bytes, and body bytes gzipped by the server."""
    sizes = []
    for encoding in ("identity", "gzip"):
        headers = {"Accept-Encoding": encoding} | ({"Cookie": cookie} if cookie else {})
        request = urllib.request.Request(base_url + path, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
            sizes.append(len(response.read()))
    return status, sizes[0], sizes[1]


def query_counts(paths: list[str], client: Client | None = None) -> dict[str, tuple[int, float]]:
    """Queries each page runs and their total time (ms), measured in-process."""
    client = client or Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for path in paths:
        client.get(path)  # warm caches the same way gunicorn's workers are warm
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        counts[path] = (len(ctx.captured_queries), sql_ms)
    return counts


LATENCY_RE = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url: str, *, duration: int, connections: int, cookie: str = "") -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], check=True, capture_output=True, text=True, timeout=duration + 60
    ).stdout
    latency = {m[0]: float(m[1]) * UNIT_MS[m[2]] for m in LATENCY_RE.findall(output)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    requests = int(re.search(r"(\d+) requests in", output)[1])
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "requests": requests,
        "non_2xx": int(bad[1]) if bad else 0,
        "socket_errors": errors[1] if errors else "",
        "raw": output,
    }


def search_params(rng: random.Random) -> list[dict[str, str]]:
    """SEARCH_QUERIES varied searches: product words, places, misspellings, with filters."""
    words = set()
    for name in OdopProduct.objects.values_list("name", flat=True):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", name))
    words = sorted(words)
    places = sorted(District.objects.values_list("name", flat=True))
    misspelt = ["pashmeena", "itar", "chanderi saree", "banarsi", "kanjivaram", "madhubani paintng"]
    states = list(State.objects.values_list("slug", flat=True))
    categories = list(Category.objects.values_list("slug", flat=True))
    sorts = ["relevance", "price", "-price", "newest"]
    params = []
    for i in range(SEARCH_QUERIES):
        kind = i % 4
        if kind == 0:
            q = rng.choice(words)
        elif kind == 1:
            q = f"{rng.choice(words)} {rng.choice(words)}"
        elif kind == 2:
            q = rng.choice(places)
        else:
            q = rng.choice(misspelt)
        p = {"q": q, "sort": sorts[i % len(sorts)]}
        # Every search carries at least one filter; some carry several.
        filters = [
            ("state", rng.choice(states)),
            ("category", rng.choice(categories)),
            ("gi", "on"),
            ("in_stock", "on"),
            ("min_price", str(rng.choice([100, 300, 500, 1000]))),
            ("max_price", str(rng.choice([2000, 5000, 20000]))),
        ]
        for key, value in rng.sample(filters, k=1 + i % 3):
            p[key] = value
        params.append(p)
    return params


def time_search(params: dict[str, str]) -> tuple[float, int]:
    """Milliseconds for what the search page reads: the filtered count and the first page."""
    started = time.perf_counter()
    filterset = ListingFilter(params, queryset=selectors.live_listings())
    filterset.is_valid()
    paginator = BoundedPaginator(filterset.qs, PAGE_SIZE, cap=STOREFRONT_COUNT_CAP)
    page = paginator.get_page(1)  # as the page does: the count stops at the cap
    cards = list(page.object_list)
    for card in cards:
        card.main_image  # noqa: B018  (the card reads the prefetched photo)
    return (time.perf_counter() - started) * 1000, page.paginator.count


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def search_latency() -> dict:
    params = search_params(random.Random(3))
    for p in params[:20]:  # warm the connection and the planner
        time_search(p)
    timings, hits = [], []
    for p in params:
        ms, count = time_search(p)
        timings.append(ms)
        hits.append(count)
    slowest = sorted(zip(timings, params, hits, strict=True), key=lambda t: -t[0])[:5]
    return {
        "queries": len(params),
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 95),
        "p99_ms": percentile(timings, 99),
        "max_ms": max(timings),
        "with_results": sum(1 for h in hits if h),
        "slowest": [{"ms": ms, "params": p, "results": n} for ms, p, n in slowest],
    }


def machine() -> dict:
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu[1] if cpu else "?",
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "postgres": pg,
        "python": platform.python_version(),
        "django": django.get_version(),
        "kernel": platform.release(),
        "wrk": wrk.strip(),
    }


def seeding(out: Path) -> dict:
    time_file = out / "seed.time"
    if not time_file.exists():
        return {}
    text = time_file.read_text()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", text)[1].strip()
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)[1])
    before = (out / "seed.before").read_text().strip() if (out / "seed.before").exists() else "?"
    return {
        "wall": wall,
        "max_rss_mib": round(rss_kb / 1024),
        "listings_before": before,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(time_file.stat().st_mtime)),
    }


def render(results: dict) -> str:
    m, s = results["machine"], results["search"]
    ceilings = results["ceilings"]
    rps = [c["rps"] for c in ceilings]
    lines = [
        BEGIN,
        f"## Latest run: {results['when']}",
        "",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, "
        f"Linux {m['kernel']}; PostgreSQL {m['postgres']}; Python {m['python']}, "
        f"Django {m['django']}; {m['wrk']}.",
        f"- Catalogue: {results['listings']:,} live listings, {results['districts']} districts.",
        f"- Command: `{results['command']}`",
        f"- Server: gunicorn, {results['workers']} sync workers, on 127.0.0.1; DEBUG off, "
        "whitenoise, Redis cache (db 7), PostgreSQL `odop_bench` (persistent connections).",
        f"- Traffic: wrk, 1 thread, {results['connections']} connections, "
        f"{results['duration']} s per URL after a 3 s warm-up, one URL at a time, the ceiling "
        "between every two pages.",
        f"- 1-minute load average at the start and end of the run: {results['load'][0]:.1f}, "
        f"{results['load'][1]:.1f} (anything above 0 is other work sharing the cores).",
        "",
        "| page | URL | req/s | p50 (ms) | p99 (ms) | ceiling around it (req/s) "
        "| ratio to ceiling | SQL queries | SQL time (ms) | HTML (KB, gzip) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| ceiling (trivial template), {len(ceilings)} runs | `{CEILING}` "
        f"| {statistics.median(rps):,.0f} (median; {min(rps):,.0f} to {max(rps):,.0f}) "
        f"| {statistics.median(c['p50_ms'] for c in ceilings):.1f} "
        f"| {statistics.median(c['p99_ms'] for c in ceilings):.1f} | | 1.00 | 0 | 0.0 "
        f"| {ceilings[0]['bytes'] / 1024:.1f} ({ceilings[0]['gzip_bytes'] / 1024:.1f}) |",
    ]
    for page in results["pages"]:
        ratio = page["rps"] / page["ceiling_rps"]
        goal = GOAL_SIGNED_IN if page.get("signed_in") else GOAL_ANONYMOUS
        lines.append(
            f"| {page['label']} | `{page['path']}` | {page['rps']:,.1f} | {page['p50_ms']:.1f} "
            f"| {page['p99_ms']:.1f} | {page['ceiling_rps']:,.0f} "
            f"| {ratio:.3f} {'✓' if ratio >= goal else '✗'} | {page['queries']} "
            f"| {page['sql_ms']:.1f} | {page['bytes'] / 1024:.1f} ({page['gzip_bytes'] / 1024:.1f}) |"
        )
    lines += [
        "",
        "Each page's ratio is to the mean of the ceiling runs just before and just after it. "
        f"Goals (issue 12): anonymous pages at least {GOAL_ANONYMOUS} of the ceiling's req/s, "
        f"a signed-in buyer's (a session, one listing in the cart) at least {GOAL_SIGNED_IN} "
        "(✓/✗ above). SQL queries and SQL time are one request measured in-process, after a "
        "warm-up request.",
        "",
        f"**Search latency on its own**: {s['queries']} varied searches with filters "
        f"({s['with_results']} with results), in-process through `ListingFilter` and the "
        f"paginator (the count and the first page of {PAGE_SIZE} cards with their photos): "
        f"p50 {s['p50_ms']:.1f} ms, **p95 {s['p95_ms']:.1f} ms**, p99 {s['p99_ms']:.1f} ms, "
        f"max {s['max_ms']:.1f} ms (goal: p95 under 50 ms).",
        "",
        "Slowest searches:",
        "",
    ]
    for slow in s["slowest"]:
        query = "&".join(f"{k}={v}" for k, v in slow["params"].items())
        lines.append(f"- {slow['ms']:.1f} ms, {slow['results']:,} results: `{query}`")
    seed = results["seeding"]
    lines.append("")
    if seed:
        lines.append(
            f"**Seeding** (`seed_demo --listings {results['target']} --no-renditions`, from "
            f"{seed['listings_before']} listings, {seed['when']}): {seed['wall']} wall clock "
            f"(m:ss), peak memory (max RSS) {seed['max_rss_mib']} MiB, measured by "
            "`/usr/bin/time -v`."
        )
    else:
        lines.append("**Seeding**: not measured (the listings were there already).")
    lines.append(END)
    return "\n".join(lines)


def write_results(path: Path, block: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmark results\n\n" + BEGIN + END + "\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--command", default="make bench")
    parser.add_argument("--target", type=int, default=100_000)
    parser.add_argument("--only", help="measure only the pages whose label contains this")
    args = parser.parse_args()
    if not args.base_url.startswith("http://127.0.0.1:"):
        raise SystemExit("The benchmark only loads 127.0.0.1.")

    load_before = os.getloadavg()[0]
    urls = pick_urls()
    counts = query_counts([CEILING] + [path for _label, path in urls])
    buyer = signed_in_buyer(Listing.objects.live().order_by("pk").first())
    cookie = cookie_header(buyer)
    signed_in_urls = [(f"signed-in: {label}", path) for label, path in urls] + [
        ("signed-in: cart", "/cart/")
    ]
    signed_in_counts = query_counts([path for _label, path in signed_in_urls], client=buyer)
    wait_for_server(args.base_url)
    stylesheet = static("css/site.css")
    if fetch(args.base_url, stylesheet)[0] != 200:  # whitenoise serves the collected files
        raise SystemExit(f"{stylesheet} is not served")

    def measure(label: str, path: str, *, signed_in: bool = False) -> dict:
        visitor = cookie if signed_in else ""
        status, size, gz = fetch(args.base_url, path, visitor)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        url = args.base_url + path
        run_wrk(url, duration=3, connections=args.connections, cookie=visitor)  # warm-up
        figures = run_wrk(url, duration=args.duration, connections=args.connections, cookie=visitor)
        if figures["non_2xx"]:
            raise SystemExit(f"{path}: {figures['non_2xx']} non-2xx answers\n{figures['raw']}")
        queries, sql_ms = (signed_in_counts if signed_in else counts)[path]
        print(
            f"{label:30} {figures['rps']:8.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
            f"p99 {figures['p99_ms']:7.1f} ms  {queries} queries  {path}",
            flush=True,
        )
        return (
            {"label": label, "path": path, "queries": queries, "sql_ms": sql_ms}
            | {"signed_in": signed_in}
            | {"bytes": size, "gzip_bytes": gz}
            | figures
        )

    # The ceiling is measured before each page and once more at the end, and each page is
    # compared with the two ceiling runs around it: other work on the machine drifts.
    ceilings = [measure("ceiling", CEILING)]
    pages = []
    visits = [(label, path, False) for label, path in urls]
    visits += [(label, path, True) for label, path in signed_in_urls]
    if args.only:
        visits = [visit for visit in visits if args.only in visit[0]]
    for label, path, signed_in in visits:
        page = measure(label, path, signed_in=signed_in)
        ceilings.append(measure("ceiling", CEILING))
        page["ceiling_rps"] = (ceilings[-2]["rps"] + ceilings[-1]["rps"]) / 2
        pages.append(page)
    search = search_latency()
    print(f"search p50 {search['p50_ms']:.1f} ms, p95 {search['p95_ms']:.1f} ms", flush=True)
    reset_queries()
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "command": args.command,
        "workers": args.workers,
        "connections": args.connections,
        "duration": args.duration,
        "target": args.target,
        "listings": Listing.objects.live().count(),
        "districts": Listing.objects.live().values("district").distinct().count(),
        "pages": pages,
        "ceilings": ceilings,
        "search": search,
        "seeding": seeding(args.out),
        "debug": settings.DEBUG,
        "load": (load_before, os.getloadavg()[0]),
    }
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    raw = {
        **results,
        "pages": [{k: v for k, v in p.items() if k != "raw"} for p in pages],
        "ceilings": [{k: v for k, v in p.items() if k != "raw"} for p in ceilings],
    }
    (args.out / f"results-{stamp}.json").write_text(json.dumps(raw, indent=2, default=str))
    if args.only:
        print("--only given: bench/RESULTS.md left as it was.")
        return
    write_results(args.results, render(results))
    print(f"Wrote {args.results}")


if __name__ == "__main__":
    main()
