"""First contentful paint of the storefront on DevTools' "Slow 3G", in Debian's Chromium.

Run on demand (`make bench-slow-network`, or `.venv/bin/python bench/slow_network.py`), never
by the test suite. See bench/README.md, "Slow network".

1. Prepares its own SQLite database `bench/out/slownet.sqlite3` (migrate, the real reference
   data, `seed_demo --listings 300`, once) and collects static files, with `DEBUG=False`.
2. Serves it with gunicorn on 127.0.0.1:$BENCH_PORT (8078), as in production: whitenoise for
   static files, GZipMiddleware for pages, the storefront page cache on.
3. Picks the pages from the data: `/`, the district with the most live listings, one of its
   listings (with photos) and a search with 24 results or more.
4. For each page, RUNS times (5): a new browser context (cold cache, no cookies), DevTools'
   "Slow 3G" network conditions through a CDP session, optionally a CPU slowdown, then loads the
   page and reads `first-contentful-paint` from the Paint Timing API and the bytes on the wire
   of the document, its CSS and JS, and of its images (Resource Timing `transferSize`, which
   counts headers too). Before the runs one unthrottled load fills the server's page cache, as
   it is for all visitors but the first in a minute.
5. Writes the medians into bench/RESULTS.md between `slow-network:begin`/`slow-network:end`,
   with the date, the machine and the command; raw runs to bench/out/slow-network.json.

"Slow 3G" is DevTools' preset (front_end/core/sdk/NetworkManager.ts, `Slow3GConditions`, shown
as "3G" since the 2024 rename): download and upload 500 * 1000 / 8 * .8 = 50,000 bytes/s
(400 kbit/s), latency 400 * 5 = 2,000 ms. Chromium adds that latency to every request, so a
page that needs a stylesheet before it can paint pays it twice.
"""

import argparse
import datetime
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB = OUT / "slownet.sqlite3"
SECTION = "slow-network"
FCP_GOAL_MS = 3000

# DevTools' preset, in the units of CDP's Network.emulateNetworkConditions (bytes/s, ms).
SLOW_3G = {
    "offline": False,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
    "latency": 400 * 5,
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# What the page loaded, split into images and everything else, read after the load.
RESOURCES_JS = """async () => {
  await new Promise(resolve => {
    new PerformanceObserver(list => {
      if (list.getEntriesByName('first-contentful-paint').length) resolve();
    }).observe({type: 'paint', buffered: true});
    setTimeout(resolve, 10000);
  });
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const res = performance.getEntriesByType('resource');
  const isImage = r => r.initiatorType === 'img' || /\\.(webp|jpe?g|png|svg|avif)(\\?|$)/.test(r.name);
  const sum = list => list.reduce((total, r) => total + (r.transferSize || 0), 0);
  return {
    fcp: paint ? paint.startTime : null,
    document: nav.transferSize,
    documentDecoded: nav.decodedBodySize,
    responseStart: nav.responseStart,
    domContentLoaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    cssJs: sum(res.filter(r => !isImage(r))),
    cssJsCount: res.filter(r => !isImage(r)).length,
    images: sum(res.filter(isImage)),
    imageCount: res.filter(isImage).length,
  };
}"""


def env_for_site(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{DB}",
        DEBUG="False",
        SECRET_KEY="bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        RAZORPAY_KEY_SECRET="bench-only-key-secret",
        RAZORPAY_WEBHOOK_SECRET="bench-only-webhook-secret",
        MEDIA_ROOT=str(OUT / "slownet-media"),
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        SERVE_MEDIA="True",  # photos by Django here; by the web server or a CDN in production
    )
    env.pop("REDIS_URL", None)  # local-memory cache: one gunicorn worker is enough here
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env: dict[str, str], listings: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_reference_data")
    manage(env, "seed_demo", "--listings", str(listings))
    manage(env, "collectstatic", "--no-input", "-v", "0")


FULL_PAGE = 24  # cards on a page of the district storefront and of search


def pick_paths(env: dict[str, str]) -> list[tuple[str, str]]:
    """(label, path) of the pages to measure, chosen from the seeded data (in a child process
    with the site's settings: see `_pick_in_child`)."""
    out = subprocess.run(
        [sys.executable, __file__, "--pick"], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    return [tuple(pair) for pair in json.loads(out.stdout.strip().splitlines()[-1])]


def _pick_in_child() -> None:
    """Print the pages as JSON. The demo data spreads its listings over many districts (about 4
    each); the district with the most is topped up to a full page of cards by copying its own
    listings (photos shared), as a popular district's storefront would be."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count

    from catalog.models import Listing
    from catalog.querysets import live_listing_q
    from districts.models import District

    district = (
        District.objects.filter(live_listing_q("listings__"))
        .annotate(n=Count("listings"))
        .order_by("-n", "pk")
        .first()
    )
    own = list(Listing.objects.live().filter(district=district).order_by("pk"))
    for number in range(len(own), FULL_PAGE + 2):
        original = own[number % len(own)]
        images = list(original.images.all())
        copy = Listing.objects.get(pk=original.pk)
        copy.pk = None
        copy.title = f"{original.title} ({number + 1})"[:200]
        copy.save()
        for image in images:
            image.pk = None
            image.listing = copy
            image.save()
    listing = (
        Listing.objects.live()
        .filter(district=district)
        .annotate(photos=Count("images"))
        .order_by("-photos", "pk")
        .first()
    )
    # The search: the word of an ODOP product name that finds the most live listings.
    names = Listing.objects.live().values_list("odop_product__name", flat=True)
    words = sorted({w for name in names for w in name.lower().split() if len(w) > 3})
    live = Listing.objects.live()
    word = max(words, key=lambda w: live.filter(title__icontains=w).count())
    pages = [
        ["home", "/"],
        ["district", district.get_absolute_url()],
        ["listing", listing.get_absolute_url()],
        ["search", f"/search/?q={word}"],
    ]
    print(json.dumps(pages))


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the site did not answer at {url}")


def measure(base: str, paths: list[tuple[str, str]], runs: int, cpu: float) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        version = browser.version
        for label, path in paths:
            warm = browser.new_context(base_url=base)  # fills the server's page cache only
            warm.new_page().goto(path, wait_until="load")
            warm.close()
            results[label] = []
            for _ in range(runs):
                # A phone's viewport; a new context is a cold HTTP cache and no cookies.
                context = browser.new_context(
                    base_url=base, viewport={"width": 412, "height": 915}, device_scale_factor=2
                )
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send("Network.emulateNetworkConditions", SLOW_3G)
                if cpu > 1:
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
                # networkidle: the photos lazily loaded near the screen are counted too.
                response = page.goto(path, wait_until="networkidle", timeout=180_000)
                if response is None or response.status != 200:
                    raise SystemExit(f"{path} answered {response and response.status}")
                figures = page.evaluate(RESOURCES_JS)
                figures["encoding"] = response.headers.get("content-encoding", "")
                results[label].append(figures)
                context.close()
        browser.close()
    return {"chromium": version, "pages": results}


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs if run[key] is not None)


def table(measured: dict, paths: list[tuple[str, str]], args: argparse.Namespace, cmd: str) -> str:
    runs, cpu = args.runs, args.cpu
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu_note = f"CPU slowed {cpu:g}x" if cpu > 1 else "no CPU slowdown"
    load = os.getloadavg()
    lines = [
        f"## Slow network (issue 11, part 5){', ' + cpu_note if cpu > 1 else ''}: {now}",
        "",
        f"`{cmd}` on {platform.node()} ({os.cpu_count()} cores, {platform.machine()}, "
        f"load average {load[0]:.1f} at the end), Chromium {measured['chromium']}. DevTools' "
        '"Slow 3G" through CDP (`Network.emulateNetworkConditions`: 50,000 bytes/s down and up, '
        f"2,000 ms latency per request), {cpu_note}, cold browser cache, 412 px phone viewport; "
        "gunicorn (1 worker), `DEBUG=False`, SQLite with the reference data and "
        f"{args.listings} demo listings (the district topped up to {FULL_PAGE + 2}). Median of {runs} runs; sizes are bytes on the wire (Resource Timing "
        "`transferSize`, headers included). Goal: first contentful paint under 3 s.",
        "",
        "| page | URL | first contentful paint | document | CSS + JS (files) | images (files) "
        "| load event | goal |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, path in paths:
        page_runs = measured["pages"][label]
        fcp = median(page_runs, "fcp")
        lines.append(
            f"| {label} | `{path}` | {fcp / 1000:.2f} s | "
            f"{median(page_runs, 'document') / 1024:.1f} KB "
            f"({page_runs[0]['encoding'] or 'identity'}) | "
            f"{median(page_runs, 'cssJs') / 1024:.1f} KB ({page_runs[0]['cssJsCount']}) | "
            f"{median(page_runs, 'images') / 1024:.1f} KB ({page_runs[0]['imageCount']}) | "
            f"{median(page_runs, 'load') / 1000:.2f} s | "
            f"{'met' if fcp < FCP_GOAL_MS else 'MISSED'} |"
        )
    fcps = {label: [round(run["fcp"]) for run in measured["pages"][label]] for label, _ in paths}
    lines += [
        "",
        "Every run's first contentful paint (ms): "
        + "; ".join(f"{label} {values}" for label, values in fcps.items())
        + ".",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    parser.add_argument("--cpu", type=float, default=float(os.environ.get("BENCH_CPU", 1)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8078)))
    parser.add_argument("--listings", type=int, default=300)
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md alone")
    parser.add_argument("--pick", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pick:
        _pick_in_child()
        return 0
    if args.port == 8000:
        raise SystemExit("Port 8000 is for make run; pick another.")

    env = env_for_site(args.port)
    prepare(env, args.listings)
    paths = pick_paths(env)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "odop_bazaar.wsgi:application",
         "--bind", f"127.0.0.1:{args.port}", "--workers", "1", "--threads", "4",
         "--error-logfile", str(OUT / "slownet-gunicorn.err")],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(base + "/")
        measured = measure(base, paths, args.runs, args.cpu)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    (OUT / "slow-network.json").write_text(json.dumps(measured, indent=2), encoding="utf-8")
    command = "make bench-slow-network" if os.environ.get("MAKELEVEL") else "bench/slow_network.py"
    if args.runs != 5 or args.cpu != 1:
        command += f" --runs {args.runs}" + (f" --cpu {args.cpu:g}" if args.cpu != 1 else "")
    text = table(measured, paths, args, command)
    print(text)
    if not args.no_write:
        sys.path.insert(0, str(ROOT))
        from bench.results_file import write_section

        write_section(SECTION if args.cpu <= 1 else f"{SECTION}-cpu{args.cpu:g}x", text)
    missed = [label for label, _ in paths if median(measured["pages"][label], "fcp") >= FCP_GOAL_MS]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
