"""Real `celery worker` subprocesses for tests that need the broker (REDIS_URL) and PostgreSQL.

Such tests use a fixture named in tests/conftest.py's REAL_WORKER_FIXTURES, so their tasks go
to Redis instead of running inline. A worker reads the test database (committed rows: the test
must be transactional) and the test's media folders.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections


def require_broker_and_postgres() -> None:
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and DATABASE_URL (PostgreSQL): a worker shares the database")


def _url(db: dict) -> str:
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a worker (or another web process) on the test database, its replica
    when there is one, Redis and media folders."""
    replica = {"DATABASE_REPLICA_URL": _url(connections["replica"].settings_dict)}
    return {
        **os.environ,
        "DATABASE_URL": _url(connection.settings_dict),
        **(replica if settings.DATABASE_REPLICA_URL else {}),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        **extra,
    }


def start_worker(
    *, name: str, log_path: Path, env: dict[str, str], queues: list[str] | None = None
) -> subprocess.Popen:
    """`celery worker` serving `queues` (by default every queue of settings.WORK_QUEUES, as a
    single worker would on a small machine), one task at a time, its output in `log_path`."""
    command = [sys.executable, "-m", "celery", "-A", "odop_bazaar", "worker", "--pool=solo"]
    command += ["-Q", ",".join(queues or settings.WORK_QUEUES), "-n", f"{name}@%h"]
    command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log_path.open("wb") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    # aiosmtpd's Controller needs a real port: with 0 its readiness probe connects to port 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(handler: object) -> Iterator[int]:
    """A real SMTP server (aiosmtpd) on loopback handing messages to `handler`; yields its port."""
    from aiosmtpd.controller import Controller

    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def wait_for(condition: Callable[[], object], *, seconds: float, why: Callable[[], str]) -> None:
    """Poll another process until `condition()` holds; fail with `why()` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, why()
        time.sleep(0.1)  # polling other processes, not timing our own code
