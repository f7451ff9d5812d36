from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import SellerStatusChange


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_seller_status_email(change_id: int) -> None:
    """E-mail the seller about a verification status change, in the seller's language, once."""
    change = (
        SellerStatusChange.objects.select_related("seller__user")
        .filter(pk=change_id, notified_at__isnull=True)
        .first()
    )
    if change is None:
        return  # gone, or a repeat delivery after the mail went out
    user = change.seller.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "change": change,
            "seller": change.seller,
            "user": user,
            "dashboard_url": settings.SITE_URL.rstrip("/") + reverse("sellers:dashboard"),
        }
        subject = render_to_string("sellers/email/status_subject.txt", context).strip()
        body = render_to_string("sellers/email/status_body.txt", context)
    send_mail(subject, body, None, [user.email])
    SellerStatusChange.objects.filter(pk=change_id).update(notified_at=timezone.now())
