from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def make_story_photo_renditions(photo_id: int) -> None:
    """Renditions of one story photo; a repeat delivery finds them made and does nothing."""
    services.build_story_photo_renditions(photo_id=photo_id)
