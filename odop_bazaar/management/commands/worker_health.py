from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from odop_bazaar.health import queues_served


class Command(BaseCommand):
    help = (
        "Exit non-zero unless a live worker serves each queue (all of settings.WORK_QUEUES, "
        "or those given); for a container's or a timer's health check."
    )

    def add_arguments(self, parser):
        parser.add_argument("queues", nargs="*", help="queues to check (default: all)")
        parser.add_argument("--timeout", type=float, default=3.0, help="seconds to wait")

    def handle(self, *args, queues, timeout, **options):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("No broker (REDIS_URL unset): tasks run inline, no workers.")
        wanted = queues or list(settings.WORK_QUEUES)
        unknown = sorted(set(wanted) - set(settings.WORK_QUEUES))
        if unknown:
            raise CommandError(f"Unknown queue(s): {', '.join(unknown)}")
        served = queues_served(timeout)
        for queue in wanted:
            workers = ", ".join(sorted(served.get(queue, []))) or "none"
            self.stdout.write(f"{queue}: {workers}")
        missing = [queue for queue in wanted if queue not in served]
        if missing:
            raise CommandError(f"No live worker serves: {', '.join(missing)}")
