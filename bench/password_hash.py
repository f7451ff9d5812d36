"""CPU cost of one password check per hasher: `.venv/bin/python bench/password_hash.py`."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_bazaar.settings")

import django

django.setup()

from django.contrib.auth.hashers import get_hashers  # noqa: E402

ROUNDS = 20
for hasher in get_hashers():
    encoded = hasher.encode("chikan kari 1984", hasher.salt())
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(ROUNDS):
        assert hasher.verify("chikan kari 1984", encoded)
    cpu_ms = (time.process_time() - cpu) / ROUNDS * 1000
    wall_ms = (time.perf_counter() - wall) / ROUNDS * 1000
    print(f"{hasher.algorithm:>14}: {cpu_ms:6.1f} ms CPU, {wall_ms:6.1f} ms wall per check")
