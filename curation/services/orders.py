"""Order actions from /curate/: each one transaction with its audit entry."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from orders import services
from orders.errors import TransitionNotAllowed
from orders.models import Refund, Shipment
from orders.services.shipments import BEFORE_DISPATCH

from .. import audit

FIELDS = ("status", "cancel_reason")


@transaction.atomic
def cancel_shipment_for_buyer(*, shipment: Shipment, by: User, reason: str) -> Shipment:
    """Cancel a shipment on the buyer's behalf, as the buyer could: only before dispatch (else
    TransitionNotAllowed); stock comes back and a paid online shipment is refunded by the
    orders service. One audit entry, with the refund it started."""
    status = Shipment.objects.filter(pk=shipment.pk).values_list("status", flat=True).get()
    if status not in BEFORE_DISPATCH:
        # Told in a curator's words; the orders service checks again under the order's lock.
        raise TransitionNotAllowed(
            _(
                "It is %(status)s. Only a shipment not yet dispatched can be cancelled for the "
                "buyer; once delivered, the buyer can ask to return it."
            )
            % {"status": Shipment.Status(status).label.lower()}
        )
    before = audit.snapshot(shipment, FIELDS)
    done = services.buyer_cancel(shipment=shipment, by=by, reason=reason)
    changes = audit.diff(before, audit.snapshot(done, FIELDS))
    refunded = (
        Refund.objects.filter(shipment=done, reason=Refund.Reason.CANCELLED)
        .values_list("amount", flat=True)
        .first()
    )
    if refunded is not None:
        changes["refund"] = [None, str(refunded)]
    audit.record(
        actor=by, action="shipment.cancel", obj=done, changes=changes, reason=reason.strip()
    )
    return done
