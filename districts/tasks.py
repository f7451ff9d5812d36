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


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def process_story_photo_upload(photo_id: int) -> None:
    """Clean a raw upload (decode, strip metadata, make public), then make its renditions.
    Decoding happens here, never in the web request."""
    services.process_story_photo(photo_id=photo_id)
