"""A worker killed in the middle of a task: Redis hands the task to the next worker once the
visibility timeout has passed, and it completes. Needs PostgreSQL and Redis (CI has both)."""

import signal
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from catalog.models import ListingImage
from catalog.tasks import make_listing_image_renditions
from tests.factories import ListingFactory
from tests.workers import (
    require_broker_and_postgres,
    start_worker,
    stop_worker,
    wait_for,
    worker_env,
)

# Seconds, for the test; production: 660 and 10 (odop_bazaar/settings.py).
VISIBILITY_TIMEOUT = 5
RESTORE_INTERVAL = 1


@pytest.fixture
def worker_processes(tmp_path):
    """Start `celery worker` subprocesses on the test database; all are stopped at the end."""
    require_broker_and_postgres()
    from odop_bazaar.celery import app

    app.control.purge()
    env = worker_env(
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        CELERY_RESTORE_INTERVAL=str(RESTORE_INTERVAL),
    )
    started = []

    def start(name: str) -> tuple[subprocess.Popen, Path]:
        log_path = tmp_path / f"{name}.log"
        started.append(start_worker(name=name, log_path=log_path, env=env))
        return started[-1], log_path

    yield start
    for process in started:
        stop_worker(process)


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
