"""Curators settle refunds by hand: a cash-on-delivery refund paid by bank transfer or UPI (with
its UTR), or a failed online refund sent to the gateway again."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from orders.errors import RefundNotAllowed
from orders.models import Refund
from orders.services import refunds

from .. import audit

FIELDS = ["status", "payout_reference", "failure_reason", "attempts"]


def settle_bank_refund(*, refund: Refund, reference: str, by: User) -> Refund:
    with transaction.atomic():
        before = audit.snapshot(refund, FIELDS)
        refund = refunds.settle_bank_refund(refund_id=refund.pk, reference=reference, by=by)
        audit.record(
            actor=by,
            action="refund.settle",
            obj=refund,
            changes=audit.diff(before, audit.snapshot(refund, FIELDS)),
            reason=reference.strip(),
        )
    return refund


def retry_refund(*, refund: Refund, by: User) -> Refund:
    with transaction.atomic():
        before = audit.snapshot(refund, FIELDS)
        if not refunds.retry_refund(refund_id=refund.pk):
            raise RefundNotAllowed(
                _("This refund has not failed: it is settled or still on its way.")
            )
        refund.refresh_from_db()
        audit.record(
            actor=by,
            action="refund.retry",
            obj=refund,
            changes=audit.diff(before, audit.snapshot(refund, FIELDS)),
        )
    return refund
