"""The work waiting for curators: each area registers its queue here, the home page counts them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Queue:
    key: str
    title: str  # a lazy translation
    url_name: str  # the queue's own page, e.g. "curation:seller-queue"
    pending: Callable[[], QuerySet]  # the items waiting, oldest first

    def count(self) -> int:
        return self.pending().count()


QUEUES: list[Queue] = []


def register(queue: Queue) -> Queue:
    QUEUES[:] = [q for q in QUEUES if q.key != queue.key] + [queue]
    return queue
