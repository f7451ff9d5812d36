from celery import shared_task

from . import sales


@shared_task(acks_late=True)
def refresh_dashboard() -> int:
    """Recompute the dashboard's recent months (and months with changed orders); idempotent."""
    return len(sales.refresh_recent())
