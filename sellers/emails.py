"""The seller's e-mail about a verification step, rendered for the outbox."""

from django.core.mail import EmailMessage

from odop_bazaar.status_history import render_seller_email

from .models import SellerStatusChange

STATUS_KIND = "sellers.status_change"


def render_status_email(change_id: str, params: dict) -> EmailMessage | None:
    change = SellerStatusChange.objects.select_related("seller__user").filter(pk=change_id).first()
    if change is None:
        return None
    return render_seller_email(change, "sellers/email/status", seller=change.seller)
