"""Work queues: every task is routed to a queue a worker serves, and a flood of photo work on
the images queue does not hold up an e-mail on the notifications queue (real workers, Redis)."""

import time
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image

from accounts.signup import ACCOUNT_EXISTS_KIND
from catalog.models import ListingImage
from catalog.tasks import make_listing_image_renditions
from odop_bazaar.celery import app as celery_app
from odop_bazaar.health import queues_served
from outbox import services as outbox
from tests.factories import ListingFactory, UserFactory
from tests.workers import (
    require_broker_and_postgres,
    smtp_server,
    start_worker,
    stop_worker,
    wait_for,
    worker_env,
)

ROOT = Path(__file__).resolve().parents[1]
FLOOD = 200


def our_tasks() -> list[str]:
    celery_app.loader.import_default_modules()
    return sorted(name for name in celery_app.tasks if not name.startswith("celery."))


def queue_of(task_name: str) -> str:
    return celery_app.amqp.router.route({}, task_name)["queue"].name


def test_every_task_goes_to_a_queue_that_workers_serve():
    routed = {name: queue_of(name) for name in our_tasks()}

    assert len(routed) >= 12  # every app's tasks were found
    stray = {name: queue for name, queue in routed.items() if queue not in settings.WORK_QUEUES}
    assert not stray, f"tasks on a queue no worker serves: {stray}"


def test_each_kind_of_work_has_its_own_queue():
    assert queue_of("catalog.tasks.make_listing_image_renditions") == "images"
    assert queue_of("districts.tasks.process_story_photo_upload") == "images"
    assert queue_of("orders.tasks.process_return_photo") == "images"
    assert queue_of("outbox.tasks.deliver_email") == "notifications"
    assert queue_of("orders.tasks.send_refund") == "payments"
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert queue_of(entry["task"]) == "periodic", entry


def test_every_queue_has_a_worker_in_the_procfile():
    """`make stack` starts one worker per queue, with exactly the queues of the settings."""
    served = []
    for line in (ROOT / "Procfile").read_text().splitlines():
        command = line.partition(":")[2].split()
        if not line.startswith("#") and command[:4] == ["celery", "-A", "odop_bazaar", "worker"]:
            served.append(command[command.index("-Q") + 1])
    assert sorted(served) == sorted(settings.WORK_QUEUES)


def test_worker_health_needs_a_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("worker_health")


# --- real workers -------------------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.arrived: list[tuple[float, str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.arrived.append((time.monotonic(), envelope.rcpt_tos[0]))
        return "250 OK"


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    with smtp_server(inbox) as port:
        yield port, inbox


@pytest.fixture
def queue_workers(smtp_inbox, tmp_path):
    """One worker on the images queue and one on notifications, as in production."""
    require_broker_and_postgres()
    port, _inbox = smtp_inbox
    celery_app.control.purge()
    env = worker_env(EMAIL_URL=f"smtp://127.0.0.1:{port}")
    workers = {
        queue: start_worker(name=queue, log_path=tmp_path / f"{queue}.log", env=env, queues=[queue])
        for queue in ("images", "notifications")
    }
    yield workers
    celery_app.control.purge()  # the rest of the flood
    for worker in workers.values():
        stop_worker(worker)


def waiting_in(queue: str) -> int:
    with celery_app.connection_for_read() as connection:
        return connection.default_channel.client.llen(queue)


def a_large_photo() -> str:
    """One 6-megapixel JPEG (its renditions take a good fraction of a second to make)."""
    picture = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
    data = BytesIO()
    picture.save(data, "JPEG", quality=90)
    return default_storage.save("listings/flood.jpg", ContentFile(data.getvalue()))


@pytest.mark.django_db(transaction=True)
def test_an_email_goes_out_at_once_while_200_photos_wait(queue_workers, smtp_inbox, tmp_path):
    _port, inbox = smtp_inbox

    def logs() -> str:  # read when an assertion fails
        return "\n".join(
            f"--- {q}\n{(tmp_path / f'{q}.log').read_text()[-2000:]}" for q in queue_workers
        )

    wait_for(
        lambda: {"images", "notifications"} <= set(queues_served(timeout=1)),
        seconds=60,
        why=logs,
    )
    call_command("worker_health", "images", "notifications")
    with pytest.raises(CommandError, match="payments"):
        call_command("worker_health")  # nobody serves payments here

    listing = ListingFactory()
    name = a_large_photo()
    photos = ListingImage.objects.bulk_create(
        ListingImage(listing=listing, image=name, width=3000, height=2000, position=n)
        for n in range(FLOOD)
    )
    for photo in photos:
        make_listing_image_renditions.delay(photo.pk)
    user = UserFactory()

    queued_at = time.monotonic()
    outbox.enqueue(key=f"flood-{user.pk}", kind=ACCOUNT_EXISTS_KIND, object_id=user.pk)
    wait_for(lambda: inbox.arrived, seconds=30, why=logs)

    took = inbox.arrived[0][0] - queued_at
    still_waiting = waiting_in("images")
    made = ListingImage.objects.exclude(renditions={}).count()
    assert inbox.arrived[0][1] == user.email
    assert took < 5, f"the e-mail took {took:.1f} s"
    assert still_waiting >= FLOOD * 3 // 4, (still_waiting, made)
    assert made < FLOOD // 4
