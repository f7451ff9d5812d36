"""The grievance officer's steps from /curate/: each one transaction with its audit entry."""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction

from accounts.models import User
from grievances import services
from grievances.models import Grievance

from .. import audit

FIELDS = ("status", "acknowledged_at", "resolved_at", "closed_at", "resolution")


def _recorded(
    *, action: str, grievance: Grievance, by: User, reason: str, step: Callable[[], Grievance]
) -> Grievance:
    """Run the step and write its one audit entry; the caller holds the transaction."""
    before = audit.snapshot(grievance, FIELDS)
    done = step()
    audit.record(
        actor=by,
        action=action,
        obj=done,
        changes=audit.diff(before, audit.snapshot(done, FIELDS)),
        reason=reason,
    )
    return done


@transaction.atomic
def acknowledge(*, grievance: Grievance, by: User, now: datetime | None = None) -> Grievance:
    """Acknowledge receipt (due within 48 hours), audited."""
    return _recorded(
        action="grievance.acknowledge",
        grievance=grievance,
        by=by,
        reason="",
        step=lambda: services.acknowledge(grievance=grievance, by=by, now=now),
    )


@transaction.atomic
def resolve(
    *, grievance: Grievance, by: User, resolution: str, now: datetime | None = None
) -> Grievance:
    """Resolve with the text the filer reads (due within a month), audited."""
    return _recorded(
        action="grievance.resolve",
        grievance=grievance,
        by=by,
        reason=resolution,
        step=lambda: services.resolve(grievance=grievance, by=by, resolution=resolution, now=now),
    )


@transaction.atomic
def close(*, grievance: Grievance, by: User, reason: str, now: datetime | None = None) -> Grievance:
    """Close without redress, with the reason the filer reads, audited."""
    return _recorded(
        action="grievance.close",
        grievance=grievance,
        by=by,
        reason=reason,
        step=lambda: services.close(grievance=grievance, by=by, reason=reason, now=now),
    )
