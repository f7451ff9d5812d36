"""Load the official reference data in fixtures/ (states, districts, ODOP products).

Rows are keyed by official codes, so a second run creates and changes nothing. Only official
fields are written: what curators edit (stories, featured flags, Hindi district names) stays.
Slugs are set once, when a row is created, so URLs never change under a buyer's bookmark.
Hindi district and ODOP product names (fixtures/districts_hi.csv, odop_products_hi.csv) are
written when the row is created and when its Hindi name is still empty, never over a name a
curator has written or reviewed.
ODOP products follow catalog.odop_list: fields a curator has edited (GI status included) and
products changed by an import of a newer list in /curate/ are left as they are.
"""

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.text import slugify

from catalog import odop_list
from catalog.gst_rules import load_rate_rules
from catalog.models import Category, OdopProduct

from .models import District, State

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class LoadReport:
    """How many rows of each kind were created, updated or left as they were."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, kind: str, created: int, updated: int, unchanged: int) -> None:
        self.counts[kind] = Counter(created=created, updated=updated, unchanged=unchanged)

    @property
    def changed_anything(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        ]


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(FIXTURES_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _sync(
    model: type[models.Model],
    key: str,
    wanted: dict[Any, dict[str, Any]],
    create_only: Iterable[str] = (),
    fill_empty: Iterable[str] = (),
    held: Callable[[Any], set[str]] = lambda obj: set(),
) -> tuple[int, int, int]:
    """Create missing rows and update changed official fields; returns (created, updated, same).

    `create_only` fields are written only when a row is created. `fill_empty` fields are
    create-only too, except that an existing row whose value is still empty gets the new one.
    `held(obj)` names the fields of an existing row that a curator owns: never written.
    """
    create_only, fill_empty = set(create_only), set(fill_empty)
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, update_fields = [], [], set()
    for code, values in wanted.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(**{key: code}, **values))
            continue
        changed = False
        kept = held(obj)
        for name, value in values.items():
            if name in kept:
                continue
            if name in fill_empty:
                if getattr(obj, name):
                    continue
            elif name in create_only:
                continue
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                update_fields.add(name)
                changed = True
        if changed:
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(update_fields), batch_size=500)
    return len(to_create), len(to_update), len(wanted) - len(to_create) - len(to_update)


def _mapped_district_codes() -> set[int]:
    with open(FIXTURES_DIR / "india_districts.topo.json", encoding="utf-8") as handle:
        topology = json.load(handle)
    return {
        int(geometry["properties"]["lgd_district_code"])
        for geometry in topology["objects"]["districts"]["geometries"]
        if geometry["properties"].get("lgd_district_code") is not None
    }


def _load_states(report: LoadReport) -> dict[int, State]:
    extra = {row["iso_3166_2"]: row for row in _read_csv("states_extra.csv")}
    wanted = {}
    for row in _read_csv("states.csv"):
        more = extra[row["iso_3166_2"]]
        wanted[int(row["lgd_state_code"])] = {
            "iso_code": row["iso_3166_2"],
            "gst_code": more["gst_state_code"],
            "name": row["state_name"],
            "name_hi": more["name_hi"],
            "slug": slugify(row["state_name"]),
            "kind": State.Kind.UNION_TERRITORY if row["type"] == "UT" else State.Kind.STATE,
            "uses_utgst": more["uses_utgst"] == "yes",
        }
    report.add(
        "States and union territories",
        *_sync(State, "lgd_code", wanted, create_only={"slug", "name_hi"}),
    )
    return {state.lgd_code: state for state in State.objects.all()}


def _load_districts(report: LoadReport, states: dict[int, State]) -> dict[int, District]:
    rows = _read_csv("districts.csv")
    # Written by the team, not official; a district missing from the file keeps its English name.
    names_hi = {row["lgd_district_code"]: row["name_hi"] for row in _read_csv("districts_hi.csv")}
    mapped = _mapped_district_codes()
    name_count = Counter(row["district_name"] for row in rows)
    state_slug = {code: state.slug for code, state in states.items()}
    candidates = {}
    for row in rows:
        base = slugify(row["district_name"])
        with_state = f"{base}-{state_slug[int(row['lgd_state_code'])]}"
        # A name used in two states (Aurangabad, Bilaspur...) always carries its state.
        options = [with_state] if name_count[row["district_name"]] > 1 else [base, with_state]
        candidates[int(row["lgd_district_code"])] = options + [f"{base}-{row['lgd_district_code']}"]
    slugs = odop_list.unique_slugs(
        candidates, dict(District.objects.values_list("lgd_code", "slug"))
    )
    wanted = {
        int(row["lgd_district_code"]): {
            "state_id": states[int(row["lgd_state_code"])].pk,
            "name": row["district_name"],
            "name_hi": names_hi.get(row["lgd_district_code"], ""),
            "slug": slugs[int(row["lgd_district_code"])],
            "census2011_code": int(row["census2011_code"]) if row["census2011_code"] else None,
            "has_map_shape": int(row["lgd_district_code"]) in mapped,
        }
        for row in rows
    }
    report.add(
        "Districts",
        *_sync(
            District,
            "lgd_code",
            wanted,
            create_only={"slug"},
            fill_empty={"name_hi"},
            held=lambda district: {"name_hi"} if district.is_name_hi_reviewed else set(),
        ),
    )
    return {district.lgd_code: district for district in District.objects.all()}


def _load_categories(report: LoadReport) -> dict[str, Category]:
    wanted = {
        row["sector"]: {
            "slug": row["slug"],
            "name": row["name"],
            "name_hi": row["name_hi"],
            "position": int(row["position"]),
        }
        for row in _read_csv("categories.csv")
    }
    report.add(
        "Categories",
        *_sync(Category, "sector", wanted, create_only={"slug", "name", "name_hi", "position"}),
    )
    return {category.sector: category for category in Category.objects.all()}


def _load_odop_products(
    report: LoadReport, districts: dict[int, District], categories: dict[str, Category]
) -> None:
    with open(FIXTURES_DIR / "odop_products.csv", encoding="utf-8", newline="") as handle:
        text = handle.read()
    rows, errors = odop_list.read_official_rows(text, districts=districts, categories=categories)
    if errors:
        raise ValueError(
            "fixtures/odop_products.csv: "
            + "; ".join(f"line {e.line}: {e.message}" for e in errors[:10])
        )
    candidates = {
        row.odop_id: odop_list.slug_candidates(
            odop_id=row.odop_id, name=row.values["name"], district_slug=row.district.slug
        )
        for row in rows
    }
    slugs = odop_list.unique_slugs(
        candidates, dict(OdopProduct.objects.values_list("odop_id", "slug"))
    )
    # Written by the team (a glossary for common words, proper names transliterated), awaiting
    # a curator's review like the district names; never over a reviewed or curator's name.
    names_hi = {row["product_name"]: row["name_hi"] for row in _read_csv("odop_products_hi.csv")}
    wanted = {
        row.odop_id: {
            **row.values,
            "slug": slugs[row.odop_id],
            "name_hi": names_hi.get(row.values["name"], ""),
        }
        for row in rows
    }
    report.add(
        "ODOP products",
        *_sync(
            OdopProduct,
            "odop_id",
            wanted,
            create_only={"slug"},
            fill_empty={"name_hi"},
            held=lambda product: (
                odop_list.loader_held_fields(product)
                | ({"name_hi"} if product.is_name_hi_reviewed else set())
            ),
        ),
    )


@transaction.atomic
def load_reference_data() -> LoadReport:
    """Load states, districts, categories, ODOP products and GST rate rules; safe to rerun."""
    report = LoadReport()
    states = _load_states(report)
    districts = _load_districts(report, states)
    categories = _load_categories(report)
    _load_odop_products(report, districts, categories)
    created, updated, unchanged, deleted = load_rate_rules()
    report.add("GST rate rules", created, updated + deleted, unchanged)
    return report
