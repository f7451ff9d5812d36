"""The verification workflow: a transition table, one transition service, history rows."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from catalog.page_scopes import listings_changed
from odop_bazaar.status_history import queue_seller_email

from .. import emails
from ..errors import OnboardingIncomplete, ReasonRequired, TransitionNotAllowed
from ..models import Seller, SellerStatusChange
from ..selectors import onboarding_progress

S = Seller.Status
SELLER_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.VERIFIED, S.REJECTED},
    S.REJECTED: {S.SUBMITTED},
    S.VERIFIED: {S.SUSPENDED},
    S.SUSPENDED: {S.VERIFIED},
}


@transaction.atomic
def transition_seller(*, seller: Seller, to: str, by: User | None, reason: str = "") -> Seller:
    """Move a seller along SELLER_TRANSITIONS, record who/when/why, e-mail the seller."""
    current = Seller.objects.select_for_update().values_list("status", flat=True).get(pk=seller.pk)
    if to not in SELLER_TRANSITIONS.get(current, set()):
        raise TransitionNotAllowed(Seller.Status(current).label, Seller.Status(to).label)
    now = timezone.now()
    fields = {"status": to, "status_changed_at": now}
    if to in (S.REJECTED, S.SUSPENDED):
        fields["rejection_reason"] = reason
    elif to in (S.VERIFIED, S.SUBMITTED):
        fields["rejection_reason"] = ""
    # Conditional update: a concurrent transition from the same status loses, never both win
    # (SQLite ignores select_for_update, the WHERE clause still holds).
    if not Seller.objects.filter(pk=seller.pk, status=current).update(**fields):
        raise TransitionNotAllowed(Seller.Status(current).label, Seller.Status(to).label)
    change = SellerStatusChange.objects.create(
        seller=seller, from_status=current, to_status=to, changed_by=by, reason=reason
    )
    queue_seller_email(change, emails.STATUS_KIND)
    listings_changed(
        seller_id=seller.pk
    )  # a verified or suspended seller's listings appear or vanish
    for field, value in fields.items():
        setattr(seller, field, value)
    return seller


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Please give a reason the seller can act on."))
    return reason


def submit_for_verification(*, seller: Seller, by: User) -> Seller:
    """Send a complete profile to the curators (again, after fixing a rejection)."""
    progress = onboarding_progress(seller=seller)
    if not progress.is_complete:
        raise OnboardingIncomplete(
            _("Please complete these steps first: %(steps)s.")
            % {"steps": ", ".join(str(step.title) for step in progress.missing)}
        )
    return transition_seller(seller=seller, to=S.SUBMITTED, by=by)


def verify_seller(*, seller: Seller, by: User) -> Seller:
    """A curator approves a submitted seller."""
    return transition_seller(seller=seller, to=S.VERIFIED, by=by)


def reject_seller(*, seller: Seller, by: User, reason: str) -> Seller:
    """A curator sends a submitted seller back, with a reason the seller can fix."""
    return transition_seller(seller=seller, to=S.REJECTED, by=by, reason=_require_reason(reason))


def suspend_seller(*, seller: Seller, by: User, reason: str) -> Seller:
    """A curator suspends a verified seller; its listings leave the storefront at once."""
    return transition_seller(seller=seller, to=S.SUSPENDED, by=by, reason=_require_reason(reason))


def reinstate_seller(*, seller: Seller, by: User, reason: str = "") -> Seller:
    """A curator lifts a suspension."""
    return transition_seller(seller=seller, to=S.VERIFIED, by=by, reason=reason)
