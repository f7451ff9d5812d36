from celery import shared_task

from . import services  # the services enqueue these tasks: use it at call time only


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def make_listing_image_renditions(image_id: int) -> None:
    """Renditions of one listing photo; a repeat delivery finds them made and does nothing."""
    services.build_renditions(image_id=image_id)


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def process_listing_image_upload(image_id: int) -> None:
    """Clean a raw upload (decode, strip metadata, make public), then make its renditions.
    Decoding happens here, never in the web request."""
    services.process_listing_photo(image_id=image_id)
