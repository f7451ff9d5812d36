"""Curators decide disputed return rejections: overrule (the return goes ahead) or uphold."""

from django.db import transaction

from accounts.models import User
from orders.models import ReturnRequest
from orders.services import returns

from .. import audit

FIELDS = ("status", "curator_note")


def _decide(action: str, call, *, return_request: ReturnRequest, by: User, note: str):
    with transaction.atomic():
        before = audit.snapshot(ReturnRequest.objects.get(pk=return_request.pk), FIELDS)
        call()
        after = audit.snapshot(ReturnRequest.objects.get(pk=return_request.pk), FIELDS)
        audit.record(
            actor=by,
            action=action,
            obj=return_request,
            changes=audit.diff(before, after),
            reason=note.strip(),
        )
    return return_request


def overrule_rejection(*, return_request: ReturnRequest, by: User, note: str) -> ReturnRequest:
    return _decide(
        "return.overrule",
        lambda: returns.overrule_rejection(return_request=return_request, by=by, note=note),
        return_request=return_request,
        by=by,
        note=note,
    )


def uphold_rejection(*, return_request: ReturnRequest, by: User, note: str) -> ReturnRequest:
    return _decide(
        "return.uphold",
        lambda: returns.uphold_rejection(return_request=return_request, by=by, note=note),
        return_request=return_request,
        by=by,
        note=note,
    )
