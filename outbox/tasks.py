from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True)
def deliver_email(self, email_id: int) -> str:
    """Send one outbox e-mail if it is due. After a failure the row says when to try again, and
    this task is queued for then (beat would find it too, a minute later at most)."""
    outcome = services.deliver(email_id)
    if outcome == "will retry":
        retry_at = services.next_attempt_at(email_id)
        if retry_at is not None:
            # On the queue this delivery came from (workers may serve dedicated queues).
            queue = (self.request.delivery_info or {}).get("routing_key")
            deliver_email.apply_async(
                (email_id,), eta=retry_at, **({"queue": queue} if queue else {})
            )
    return outcome


@shared_task(acks_late=True)
def deliver_due_emails() -> int:
    """Periodic: hand out e-mails whose retry time came, or whose worker died holding them."""
    ids = services.due_email_ids()
    for email_id in ids:
        deliver_email.delay(email_id)
    return len(ids)
