"""Celery tasks: load by id, call a service; idempotent, retried only on transient errors."""

from celery import shared_task

from .services import payments, refunds, returns


@shared_task(acks_late=True)
def expire_unpaid_orders() -> int:
    """Periodic: expire unpaid online orders past their deadline and return their stock once."""
    return payments.expire_unpaid_orders()


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,  # within CELERY_VISIBILITY_TIMEOUT
    max_retries=10,
    acks_late=True,
)
def send_refund(refund_id: int) -> str:
    """Ask the gateway for one refund; a second run (or a redelivery) finds it sent and skips."""
    return refunds.send_refund(refund_id=refund_id)


@shared_task(acks_late=True)
def resend_stuck_refunds() -> int:
    """Periodic: send again online refunds left unsent or failed (a few times, then a curator)."""
    return refunds.resend_stuck_refunds()


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def process_return_photo(photo_id: int) -> bool:
    """Decode and clean a buyer's return photo (never in the web request)."""
    return returns.process_return_photo(photo_id=photo_id)
