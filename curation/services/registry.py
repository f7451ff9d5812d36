"""The ODOP registry: a curator edits a product or imports an updated official list."""

from typing import Any

from django.db import transaction

from accounts.models import User
from catalog import odop_import
from catalog import services as catalog_services
from catalog.models import OdopListImport, OdopProduct
from catalog.odop_import import ImportPlan

from .. import audit

EDIT_FIELDS = ["name", "sector", "category", "rank", "ministry", "is_gi_tagged", "curated_fields"]


@transaction.atomic
def edit_odop_product(
    *,
    actor: User,
    product: OdopProduct,
    values: dict[str, Any],
    release: list[str] | None = None,
    reason: str = "",
) -> dict[str, list[Any]]:
    """Save a curator's edit (the changed fields become the curator's; `release` hands fields
    back to the official list) with one audit entry; returns {field: [before, after]}, empty
    (and nothing written) when nothing changed."""
    before = audit.snapshot(product, EDIT_FIELDS)
    if not catalog_services.edit_odop_product(
        product=product, values=values, release=release or ()
    ):
        return {}
    product.refresh_from_db()
    changes = audit.diff(before, audit.snapshot(product, EDIT_FIELDS))
    audit.record(actor=actor, action="odop.edit", obj=product, changes=changes, reason=reason)
    return changes


@transaction.atomic
def apply_odop_import(*, actor: User, upload: OdopListImport, fingerprint: str) -> ImportPlan:
    """Apply a previewed list: every product change in one transaction and ONE audit entry on
    the upload, with the counts (the upload keeps the field changes). Raises
    OdopImportStale, or NothingToImport (and writes nothing) when the list changes nothing."""
    plan = odop_import.apply_import(upload=upload, fingerprint=fingerprint)
    audit.record(
        actor=actor,
        action="odop.import",
        obj=upload,
        changes={name: [None, count] for name, count in plan.summary().items()},
        reason=upload.file_name,
    )
    return plan
