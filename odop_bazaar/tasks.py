from celery import shared_task
from django.contrib.sessions.backends.db import SessionStore


@shared_task(acks_late=True)
def clear_expired_sessions() -> None:
    """Periodic: what `manage.py clearsessions` does for database sessions. Runs whatever the
    session engine: rows left in django_session from before Redis sessions go too."""
    SessionStore.clear_expired()
