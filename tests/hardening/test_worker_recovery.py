"""A worker killed in the middle of a task: Redis hands the task to the next worker once the
visibility timeout has passed, and it completes. Needs PostgreSQL and Redis (CI has both)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from PIL import Image

from catalog.models import ListingImage
from catalog.tasks import make_listing_image_renditions
from tests.factories import ListingFactory

# Seconds, for the test; production: 660 and 10 (odop_bazaar/settings.py).
VISIBILITY_TIMEOUT = 5
RESTORE_INTERVAL = 1


@pytest.fixture
def worker_processes(settings, tmp_path):
    """Start `celery worker` subprocesses on the test database; all are stopped at the end."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and DATABASE_URL (PostgreSQL): a worker shares the database")
    from odop_bazaar.celery import app

    app.control.purge()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_RESTORE_INTERVAL": str(RESTORE_INTERVAL),
    }
    started = []

    def start(name: str) -> tuple[subprocess.Popen, Path]:
        log_path = tmp_path / f"{name}.log"
        log = open(log_path, "wb")  # noqa: SIM115 - closed with the process
        command = [sys.executable, "-m", "celery", "-A", "odop_bazaar", "worker", "--pool=solo"]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", "-n", f"{name}@%h"]
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        started.append((process, log))
        return process, log_path

    yield start
    for process, log in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def wait_for(condition, *, seconds: float, why) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, why()
        time.sleep(0.1)  # polling other processes, not timing our own code


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_died_completes_on_the_next_worker(worker_processes, settings):
    listing = ListingFactory(status="draft")
    # A large photo: its renditions take seconds, long enough to kill the worker midway.
    source = Path(settings.MEDIA_ROOT) / "upload.jpg"
    source.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (6000, 4000), (150, 60, 40)).save(source, "JPEG", quality=90)
    with source.open("rb") as handle:
        name = default_storage.save("listings/big.jpg", handle)
    image = ListingImage.objects.create(listing=listing, image=name, width=6000, height=4000)

    first, first_log = worker_processes("first")
    make_listing_image_renditions.delay(image.pk)
    wait_for(
        lambda: (
            f"[{image.pk}]".encode() in first_log.read_bytes()
            or b"received" in first_log.read_bytes()
        ),
        seconds=60,
        why=first_log.read_text,
    )
    first.send_signal(signal.SIGKILL)  # the machine dies mid-task: nothing acknowledged
    first.wait(timeout=10)
    image.refresh_from_db()
    assert not image.has_renditions

    second, second_log = worker_processes("second")

    def done() -> bool:
        image.refresh_from_db()
        assert second.poll() is None, second_log.read_text()
        return image.has_renditions

    # Within the visibility timeout and one sweep, plus the renditions themselves.
    wait_for(
        done,
        seconds=VISIBILITY_TIMEOUT + RESTORE_INTERVAL + 45,
        why=lambda: first_log.read_text()[-1500:] + "\n----\n" + second_log.read_text()[-3000:],
    )
    assert sorted(image.renditions["webp"], key=int) == ["320", "640", "1280"]
