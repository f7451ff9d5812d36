"""Celery tasks: load by id, call a service; idempotent, retried only on transient errors."""

import smtplib

from celery import shared_task

from .services import notifications, payments


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def send_notification(notification_id: int) -> bool:
    """Send one order e-mail at most once; a repeat delivery finds it sent and does nothing."""
    return notifications.send_notification(notification_id=notification_id)


@shared_task(acks_late=True)
def expire_unpaid_orders() -> int:
    """Periodic: expire unpaid online orders past their deadline and return their stock once."""
    return payments.expire_unpaid_orders()
