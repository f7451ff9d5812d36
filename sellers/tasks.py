from celery import shared_task

from odop_bazaar.status_history import EMAIL_RETRY, email_seller_once

from .models import SellerStatusChange


@shared_task(**EMAIL_RETRY)
def send_seller_status_email(change_id: int) -> None:
    """E-mail the seller about a verification status change, in the seller's language, once."""
    change = (
        SellerStatusChange.objects.select_related("seller__user")
        .filter(pk=change_id, notified_at__isnull=True)
        .first()
    )
    if change is not None:  # else gone, or a repeat delivery after the mail went out
        email_seller_once(change, "sellers/email/status", seller=change.seller)
