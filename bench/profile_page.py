"""Profile one page in-process: `source bench/env.sh && .venv/bin/python bench/profile_page.py PATH`.

Prints each SQL query with its time, then the functions where the time goes (cProfile, over
--repeat requests after a warm-up request).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(args.path).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(args.path)
    for query in ctx.captured_queries:
        print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:600]}\n")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.repeat):
        client.get(args.path)
    profiler.disable()
    per = (time.perf_counter() - started) / args.repeat * 1000
    print(f"{per:.1f} ms per request (profiled)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
