from celery import shared_task

from odop_bazaar.status_history import EMAIL_RETRY, email_seller_once

from . import services  # the services enqueue these tasks: use it at call time only
from .models import ListingStatusChange


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def make_listing_image_renditions(image_id: int) -> None:
    """Renditions of one listing photo; a repeat delivery finds them made and does nothing."""
    services.build_renditions(image_id=image_id)


@shared_task(**EMAIL_RETRY)
def send_listing_decision_email(change_id: int) -> None:
    """E-mail the seller that a curator approved or rejected a listing, once."""
    change = (
        ListingStatusChange.objects.select_related("listing__seller__user")
        .filter(pk=change_id, notified_at__isnull=True)
        .first()
    )
    if change is not None:  # else gone, or a repeat delivery after the mail went out
        email_seller_once(
            change, "catalog/email/listing", seller=change.listing.seller, listing=change.listing
        )


@shared_task(**EMAIL_RETRY)
def send_gi_claim_refused_email(change_id: int) -> None:
    """E-mail the seller that a curator refused the listing's GI authorised-user number, once."""
    change = (
        ListingStatusChange.objects.select_related("listing__seller__user")
        .filter(pk=change_id, notified_at__isnull=True)
        .first()
    )
    if change is not None:
        email_seller_once(
            change, "catalog/email/gi_refused", seller=change.listing.seller, listing=change.listing
        )
