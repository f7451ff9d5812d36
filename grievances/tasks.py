"""Celery tasks: load by id, call a service; idempotent, retried only on transient errors."""

import smtplib

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def send_grievance_email(notification_id: int) -> bool:
    """Send one grievance e-mail at most once; a repeat delivery finds it sent and does nothing."""
    return services.send_notification(notification_id=notification_id)
