"""Curators review the Hindi names of districts, ODOP products, states and categories:
confirm or correct."""

from django.db import transaction

from accounts.models import User
from catalog.models import Category, OdopProduct
from districts.models import District, State

from .. import audit

Named = District | OdopProduct | State | Category


@transaction.atomic
def confirm_hindi_name(*, actor: User, obj: Named, reason: str = "") -> None:
    """Mark the Hindi name right as it is; the loader never writes it again."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    obj.review_name_hi(by=actor)
    audit.record(
        actor=actor,
        action="name_hi.confirm",
        obj=obj,
        changes={"name_hi_reviewed": [False, True]},
        reason=reason or obj.name_hi,
    )


@transaction.atomic
def correct_hindi_name(*, actor: User, obj: Named, name_hi: str, reason: str = "") -> None:
    """Write the curator's Hindi name and mark it reviewed; the loader never writes it again."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    before = audit.snapshot(obj, ["name_hi", "is_name_hi_reviewed"])
    obj.review_name_hi(by=actor, name_hi=name_hi)
    audit.record(
        actor=actor,
        action="name_hi.correct",
        obj=obj,
        changes=audit.diff(
            {"name_hi": before["name_hi"], "name_hi_reviewed": before["is_name_hi_reviewed"]},
            {"name_hi": obj.name_hi, "name_hi_reviewed": True},
        ),
        reason=reason,
    )
