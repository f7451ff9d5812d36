"""The seller's e-mails about a listing (a curator's decision, a refused GI claim), for the
outbox."""

from django.core.mail import EmailMessage

from odop_bazaar.status_history import render_seller_email

from .models import ListingStatusChange

DECISION_KIND = "catalog.listing_decision"
GI_REFUSED_KIND = "catalog.gi_claim_refused"


def _render(change_id: str, template: str) -> EmailMessage | None:
    change = (
        ListingStatusChange.objects.select_related("listing__seller__user")
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return None
    return render_seller_email(
        change, template, seller=change.listing.seller, listing=change.listing
    )


def render_decision_email(change_id: str, params: dict) -> EmailMessage | None:
    return _render(change_id, "catalog/email/listing")


def render_gi_refused_email(change_id: str, params: dict) -> EmailMessage | None:
    return _render(change_id, "catalog/email/gi_refused")
