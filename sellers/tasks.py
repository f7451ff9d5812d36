from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import ListingStatusChange, SellerStatusChange

RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "max_retries": 5,
    "acks_late": True,
}


def _send_once(
    change: SellerStatusChange | ListingStatusChange, template: str, **context: object
) -> None:
    """Render in the seller's language, send, then mark the change notified."""
    user = context["seller"].user  # type: ignore[attr-defined]
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "change": change,
            "user": user,
            "dashboard_url": settings.SITE_URL.rstrip("/") + reverse("sellers:dashboard"),
            **context,
        }
        subject = render_to_string(f"sellers/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"sellers/email/{template}_body.txt", context)
    send_mail(subject, body, None, [user.email])
    type(change).objects.filter(pk=change.pk).update(notified_at=timezone.now())


@shared_task(**RETRY)
def send_seller_status_email(change_id: int) -> None:
    """E-mail the seller about a verification status change, in the seller's language, once."""
    change = (
        SellerStatusChange.objects.select_related("seller__user")
        .filter(pk=change_id, notified_at__isnull=True)
        .first()
    )
    if change is not None:  # else gone, or a repeat delivery after the mail went out
        _send_once(change, "status", seller=change.seller)


@shared_task(**RETRY)
def send_listing_decision_email(change_id: int) -> None:
    """E-mail the seller that a curator approved or rejected a listing, once."""
    change = (
        ListingStatusChange.objects.select_related("listing__seller__user")
        .filter(pk=change_id, notified_at__isnull=True)
        .first()
    )
    if change is not None:
        _send_once(change, "listing", seller=change.listing.seller, listing=change.listing)


@shared_task(**RETRY)
def send_gi_claim_refused_email(change_id: int) -> None:
    """E-mail the seller that a curator refused the listing's GI authorised-user number, once."""
    change = (
        ListingStatusChange.objects.select_related("listing__seller__user")
        .filter(pk=change_id, notified_at__isnull=True)
        .first()
    )
    if change is not None:
        _send_once(change, "gi_refused", seller=change.listing.seller, listing=change.listing)
