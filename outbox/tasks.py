from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_email(email_id: int) -> str:
    """Send one outbox e-mail if it is due; failures are rescheduled in the row, not here."""
    return services.deliver(email_id)


@shared_task(acks_late=True)
def deliver_due_emails() -> int:
    """Periodic: hand out e-mails whose retry time came, or whose worker died holding them."""
    ids = services.due_email_ids()
    for email_id in ids:
        deliver_email.delay(email_id)
    return len(ids)
