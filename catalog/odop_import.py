"""Import an updated official ODOP list (the CSV format of fixtures/odop_products.csv).

`plan_import` reads a file and says what it would do, writing nothing: products to create,
products to update (field: old -> new), how many are unchanged, and where a curator's value was
kept. `apply_import` does it in one transaction, refusing when the plan is no longer the one
the curator previewed. A file with any bad row is not applied at all.

Rules, the same as the reference-data loader's: fields a curator edited in the registry
(`OdopProduct.curated_fields`, GI status included) and reviewed Hindi names are never written;
slugs never change; products missing from the file are left alone (the list only grows). A
product that has listings is not moved to another district (its sellers live in the old one).
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from districts.models import District
from odop_bazaar.page_cache import bump_storefront_version

from . import odop_list
from .errors import NothingToImport, OdopImportStale, OdopListUnreadable
from .models import Category, Listing, OdopListImport, OdopProduct
from .odop_list import OFFICIAL_FIELDS, OfficialRow, RowError
from .services import sync_listings_with_products

MAX_FILE_BYTES = 1_000_000  # the whole official list is about 160 kB


@dataclass
class ProductChange:
    odop_id: str
    name: str
    district: District
    line: int
    # field -> (old, new) in what a curator reads (names, not ids); `kept` is (curator's, list's)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    kept: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class ImportPlan:
    created: list[ProductChange] = field(default_factory=list)
    updated: list[ProductChange] = field(default_factory=list)
    kept: list[ProductChange] = field(default_factory=list)  # rows where a curator's value stays
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # What apply writes: odop_id -> model values (new products) or changed values (updates).
    to_create: dict[str, OfficialRow] = field(default_factory=dict)
    to_update: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Every difference seen, as {odop_id: {field: [old, new]}}, kept ones included: the
    # fingerprint covers it, so a preview goes stale when any old value moves.
    differences: dict[str, dict[str, list[Any]]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.to_update)

    @property
    def fingerprint(self) -> str:
        """Names exactly what apply would write; a preview and its apply must agree on it."""
        plan = {
            "create": {key: row.values for key, row in sorted(self.to_create.items())},
            "update": self.to_update,
            "differences": self.differences,
        }
        return hashlib.sha256(json.dumps(plan, sort_keys=True).encode()).hexdigest()

    def summary(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "kept_curator_values": len(self.kept),
        }


def decode_upload(data: bytes) -> str:
    """The text of an uploaded file, or OdopListUnreadable."""
    if len(data) > MAX_FILE_BYTES:
        raise OdopListUnreadable(f"The file is larger than the limit of {MAX_FILE_BYTES:,} bytes.")
    try:
        return data.decode("utf-8-sig")  # a spreadsheet may start the file with a BOM
    except UnicodeDecodeError as error:
        raise OdopListUnreadable(
            f"The file is not UTF-8 text (byte {error.start + 1}); save it as CSV UTF-8."
        ) from error


def _label(name: str) -> str:
    """The field's name as a curator reads it (its verbose name, in the page's language)."""
    return str(OdopProduct._meta.get_field(name.removesuffix("_id")).verbose_name)


def _shown(name: str, value: Any, districts: dict[int, District], categories: dict[int, Category]):
    if name == "district_id":
        return str(districts[value]) if value in districts else value
    if name == "category_id":
        return categories[value].name if value in categories else value
    if name == "is_gi_tagged":
        return "yes" if value else "no"
    return value


def keep_upload(*, file_name: str, text: str, by: Any) -> OdopListImport:
    """Keep a checked list until the curator applies it, so apply writes what was previewed."""
    return OdopListImport.objects.create(file_name=file_name[:200], content=text, uploaded_by=by)


def plan_import(*, text: str, lock: bool = False) -> ImportPlan:
    """What importing this list would change; writes nothing. `lock` (inside apply's
    transaction) locks the products so that nobody changes them between plan and write."""
    districts_by_code = {d.lgd_code: d for d in District.objects.select_related("state")}
    districts = {d.pk: d for d in districts_by_code.values()}
    categories = {c.sector: c for c in Category.objects.all()}
    categories_by_pk = {c.pk: c for c in categories.values()}
    rows, errors = odop_list.read_official_rows(
        text, districts=districts_by_code, categories=categories
    )
    plan = ImportPlan(errors=errors)
    if errors:
        return plan
    products = OdopProduct.objects.order_by("pk")
    if lock:
        products = products.select_for_update()
    existing = {p.odop_id: p for p in products}
    with_listings = set(Listing.objects.values_list("odop_product_id", flat=True).distinct())
    in_file = {row.odop_id for row in rows}
    # (district, name) must stay unique: products outside the file keep theirs, and each row
    # takes its final name (a curator's name where one is kept).
    taken = {
        (p.district_id, p.name.casefold()): p.odop_id
        for p in existing.values()
        if p.odop_id not in in_file
    }

    def show(name: str, value: Any) -> Any:
        return _shown(name, value, districts, categories_by_pk)

    for row in rows:
        product = existing.get(row.odop_id)
        change = ProductChange(row.odop_id, row.values["name"], row.district, row.line)
        held = odop_list.curator_held_fields(product) if product else set()
        final = {
            name: getattr(product, name) if name in held else value
            for name, value in row.values.items()
        }
        name_key = (final["district_id"], final["name"].casefold())
        other = taken.setdefault(name_key, row.odop_id)
        if other != row.odop_id:
            plan.errors.append(
                RowError(row.line, row.odop_id, f"{other} already has this name in this district")
            )
            continue
        if product is None:
            plan.to_create[row.odop_id] = row
            change.changes = {_label(name): (None, show(name, v)) for name, v in row.values.items()}
            plan.created.append(change)
            continue
        change.name = product.name
        for name in OFFICIAL_FIELDS:
            old, new = getattr(product, name), row.values[name]
            if old == new:
                continue
            plan.differences.setdefault(row.odop_id, {})[name] = [old, new]
            if name in held:
                change.kept[_label(name)] = (show(name, old), show(name, new))
            else:
                change.changes[_label(name)] = (show(name, old), show(name, new))
                plan.to_update.setdefault(row.odop_id, {})[name] = new
        if "district_id" in plan.to_update.get(row.odop_id, {}) and product.pk in with_listings:
            plan.errors.append(
                RowError(
                    row.line,
                    row.odop_id,
                    f"moves {product.name} out of {districts[product.district_id].name}, "
                    "which has listings of it; change it by hand",
                )
            )
            continue
        if change.kept:
            plan.kept.append(change)
        if change.changes:
            plan.updated.append(change)
        else:
            plan.unchanged += 1
    if plan.errors:
        plan.errors.sort(key=lambda error: error.line)
        plan.to_create, plan.to_update, plan.differences = {}, {}, {}
    return plan


@transaction.atomic
def apply_import(*, upload: OdopListImport, fingerprint: str) -> ImportPlan:
    """Write the previewed plan of `upload` in one transaction; OdopImportStale when it was
    applied already or the registry changed since the preview (the fingerprints differ);
    NothingToImport when the list changes nothing."""
    upload = OdopListImport.objects.select_for_update().get(pk=upload.pk)
    if upload.applied_at is not None:
        raise OdopImportStale("This file was imported already.")
    plan = plan_import(text=upload.content, lock=True)
    if not plan.is_valid:
        raise OdopImportStale("The file has bad rows now; see the new preview.")
    if plan.fingerprint != fingerprint:
        raise OdopImportStale(
            "The registry changed since the preview; check the new preview before applying."
        )
    if not plan.has_changes:
        raise NothingToImport("This list changes nothing: there is nothing to apply.")
    try:
        with transaction.atomic():
            _write(upload=upload, plan=plan)
    except IntegrityError as error:
        # Renames that swap names within one district collide half-way; nothing is written.
        raise OdopImportStale(
            "The list renames products into each other's names; import it in two steps."
        ) from error
    transaction.on_commit(bump_storefront_version)
    return plan


def _write(*, upload: OdopListImport, plan: ImportPlan) -> None:
    now = timezone.now()
    new_rows = plan.to_create.values()
    slugs = odop_list.unique_slugs(
        {
            row.odop_id: odop_list.slug_candidates(
                odop_id=row.odop_id, name=row.values["name"], district_slug=row.district.slug
            )
            for row in new_rows
        },
        dict(OdopProduct.objects.values_list("odop_id", "slug")),
    )
    OdopProduct.objects.bulk_create(
        OdopProduct(
            odop_id=row.odop_id, slug=slugs[row.odop_id], list_imported_at=now, **row.values
        )
        for row in new_rows
    )
    products = OdopProduct.objects.in_bulk(list(plan.to_update), field_name="odop_id")
    fields = {"list_imported_at"}
    for odop_id, values in plan.to_update.items():
        product = products[odop_id]
        for name, value in values.items():
            setattr(product, name, value)
        product.list_imported_at = now
        fields |= set(values)
    OdopProduct.objects.bulk_update(products.values(), sorted(fields), batch_size=500)
    sync_listings_with_products(
        product_ids=[
            products[odop_id].pk
            for odop_id, values in plan.to_update.items()
            if {"name", "category_id"} & set(values)
        ]
    )
    upload.applied_at = now
    upload.applied_changes = {
        "created": sorted(plan.to_create),
        "updated": {
            odop_id: {name: plan.differences[odop_id][name] for name in values}
            for odop_id, values in plan.to_update.items()
        },
    }
    upload.save(update_fields=["applied_at", "applied_changes"])
