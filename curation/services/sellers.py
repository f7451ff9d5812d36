"""Curators verify, reject, suspend and reinstate sellers, and decide their change requests."""

from django.db import transaction

from accounts.models import User
from sellers import services
from sellers.models import Seller, SellerChangeRequest

from .. import audit

STATUS_FIELDS = ("status", "rejection_reason")


def _transition(action: str, call, *, seller: Seller, by: User, reason: str = "") -> Seller:
    with transaction.atomic():
        before = audit.snapshot(Seller.objects.get(pk=seller.pk), STATUS_FIELDS)
        seller = call()
        audit.record(
            actor=by,
            action=action,
            obj=seller,
            changes=audit.diff(before, audit.snapshot(seller, STATUS_FIELDS)),
            reason=reason.strip(),
        )
    return seller


def verify_seller(*, seller: Seller, by: User, reason: str = "") -> Seller:
    return _transition(
        "seller.verify",
        lambda: services.verify_seller(seller=seller, by=by),
        seller=seller,
        by=by,
        reason=reason,
    )


def reject_seller(*, seller: Seller, by: User, reason: str) -> Seller:
    return _transition(
        "seller.reject",
        lambda: services.reject_seller(seller=seller, by=by, reason=reason),
        seller=seller,
        by=by,
        reason=reason,
    )


def suspend_seller(*, seller: Seller, by: User, reason: str) -> Seller:
    """The seller's listings leave the storefront (the live-listing rule needs a verified seller)."""
    return _transition(
        "seller.suspend",
        lambda: services.suspend_seller(seller=seller, by=by, reason=reason),
        seller=seller,
        by=by,
        reason=reason,
    )


def reinstate_seller(*, seller: Seller, by: User, reason: str) -> Seller:
    """The seller's live listings come back to the storefront."""
    return _transition(
        "seller.reinstate",
        lambda: services.reinstate_seller(seller=seller, by=by, reason=reason),
        seller=seller,
        by=by,
        reason=reason,
    )


@transaction.atomic
def apply_change_request(
    *, change_request: SellerChangeRequest, by: User, reason: str = ""
) -> SellerChangeRequest:
    """Write the seller's new bank account or address; the audit entry keeps old and new values
    in full (the audit log is for curators only)."""
    change_request, changes = services.apply_change_request(change_request=change_request, by=by)
    audit.record(
        actor=by,
        action=f"seller.change_{change_request.kind}",
        obj=change_request.seller,
        changes=changes,
        reason=reason.strip(),
    )
    return change_request


@transaction.atomic
def reject_change_request(
    *, change_request: SellerChangeRequest, by: User, reason: str
) -> SellerChangeRequest:
    change_request = services.reject_change_request(
        change_request=change_request, by=by, reason=reason
    )
    audit.record(
        actor=by,
        action="seller.change_reject",
        obj=change_request,
        changes={"status": [SellerChangeRequest.Status.PENDING, change_request.status]},
        reason=reason.strip(),
    )
    return change_request
