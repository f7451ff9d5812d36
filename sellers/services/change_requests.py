"""A verified seller's requests to change its bank account or address, and their outcome."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import ChangeRequestNotAllowed, ReasonRequired
from ..models import Seller, SellerChangeRequest

CR = SellerChangeRequest


@transaction.atomic
def request_change(*, seller: Seller, kind: str, values: dict[str, Any]) -> SellerChangeRequest:
    """Send the curators a change of locked details; one open request of each kind at a time."""
    if not seller.is_verified:
        raise ChangeRequestNotAllowed(
            _("Only a verified seller asks for changes; before verification, edit your details.")
        )
    fields = CR.FIELDS[CR.Kind(kind)]
    requested = {field: str(values[field]) for field in fields}
    try:
        with transaction.atomic():
            return CR.objects.create(seller=seller, kind=kind, requested_values=requested)
    except IntegrityError:
        raise ChangeRequestNotAllowed(
            _("You already asked for this change; please wait for the curators.")
        ) from None


def _pending(change_request: SellerChangeRequest) -> SellerChangeRequest:
    locked = CR.objects.select_for_update().select_related("seller").get(pk=change_request.pk)
    if locked.status != CR.Status.PENDING:
        raise ChangeRequestNotAllowed(_("This request was decided already."))
    return locked


@transaction.atomic
def apply_change_request(
    *, change_request: SellerChangeRequest, by: User
) -> tuple[SellerChangeRequest, dict[str, list[str]]]:
    """Write the requested values to the seller; returns the request and {field: [old, new]}."""
    locked = _pending(change_request)
    seller = Seller.objects.select_for_update().get(pk=locked.seller_id)
    changes = {}
    for field, value in locked.requested_values.items():
        changes[field] = [getattr(seller, field), value]
        setattr(seller, field, value)
    seller.save(update_fields=list(locked.requested_values))
    locked.status = CR.Status.APPLIED
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked, changes


@transaction.atomic
def reject_change_request(
    *, change_request: SellerChangeRequest, by: User, reason: str
) -> SellerChangeRequest:
    """Refuse the change with a reason the seller reads on the profile page."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Please give a reason the seller can act on."))
    locked = _pending(change_request)
    locked.status = CR.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.reason = by, timezone.now(), reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return locked
