"""A real `celery worker` subprocess on the test database and Redis, for the tests that must
see a task cross a process boundary (tests/conftest.py: REAL_WORKER_FIXTURES)."""

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


@contextlib.contextmanager
def celery_worker(log_path: Path, **env: str) -> Iterator[subprocess.Popen]:
    """Start a worker (solo pool) with the test's database and Redis plus `env`, its output in
    log_path; stopped on exit. Skips the test without PostgreSQL and Redis."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and DATABASE_URL (PostgreSQL): a worker shares the database")
    from odop_bazaar.celery import app

    app.control.purge()  # tasks queued by earlier tests of this run refer to rolled-back rows
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": settings.REDIS_URL, **env}
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "odop_bazaar",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield worker
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
