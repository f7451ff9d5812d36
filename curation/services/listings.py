"""Curators approve or reject listings and check GI authorised-user claims."""

from django.db import transaction

from accounts.models import User
from catalog import services
from catalog.models import Listing

from .. import audit

FIELDS = ("status", "rejection_reason", "gi_authorised_user_number", "gi_verified_at")


def _act(action: str, call, *, listing: Listing, by: User, reason: str = "") -> Listing:
    with transaction.atomic():
        before = audit.snapshot(Listing.objects.get(pk=listing.pk), FIELDS)
        call()
        after = audit.snapshot(Listing.objects.get(pk=listing.pk), FIELDS)
        audit.record(
            actor=by,
            action=action,
            obj=listing,
            changes=audit.diff(before, after),
            reason=reason.strip(),
        )
    return listing


def approve_listing(*, listing: Listing, by: User, reason: str = "") -> Listing:
    return _act(
        "listing.approve",
        lambda: services.approve_listing(listing=listing, by=by),
        listing=listing,
        by=by,
        reason=reason,
    )


def reject_listing(*, listing: Listing, by: User, reason: str) -> Listing:
    return _act(
        "listing.reject",
        lambda: services.reject_listing(listing=listing, by=by, reason=reason),
        listing=listing,
        by=by,
        reason=reason,
    )


def verify_gi_claim(*, listing: Listing, by: User, reason: str = "") -> Listing:
    return _act(
        "listing.gi_verify",
        lambda: services.verify_gi_claim(listing=listing, by=by),
        listing=listing,
        by=by,
        reason=reason,
    )


def reject_gi_claim(*, listing: Listing, by: User, reason: str) -> Listing:
    return _act(
        "listing.gi_reject",
        lambda: services.reject_gi_claim(listing=listing, by=by, reason=reason),
        listing=listing,
        by=by,
        reason=reason,
    )
