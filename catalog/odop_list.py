"""The official ODOP list's CSV format (fixtures/odop_products.csv), read in one place for the
reference-data loader and for the curators' import of an updated list.

Curators' edits win over the list: a field named in `OdopProduct.curated_fields` (set when a
curator edits the product in /curate/odop-products/) and a reviewed Hindi name are never
written by the loader or by an import. A product last changed by an import is also left alone
by the loader: the imported list is newer than the copy in fixtures/.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from districts.models import District

from .models import Category, OdopProduct

# The columns a file must have; the others of the fixture (state and source names, join
# status) are for people reading the file and may be left out.
REQUIRED_COLUMNS = (
    "odop_id",
    "lgd_district_code",
    "product_name",
    "category",
    "sector",
    "gi_tagged",
    "ministry_department",
)
GI_FLAGS = {"yes": True, "no": False}
# The model attributes a row of the list sets, in the order a preview shows them.
OFFICIAL_FIELDS = (
    "name",
    "district_id",
    "sector",
    "category_id",
    "rank",
    "is_gi_tagged",
    "ministry",
)
# What a curator edits in the registry; these names go into OdopProduct.curated_fields.
CURATABLE_FIELDS = ("name", "sector", "rank", "ministry", "is_gi_tagged")


@dataclass(frozen=True)
class RowError:
    line: int  # the line of the file, the header being line 1
    odop_id: str
    message: str


@dataclass(frozen=True)
class OfficialRow:
    line: int
    odop_id: str
    district: District
    values: dict[str, Any]  # OFFICIAL_FIELDS -> value


def curator_held_fields(product: OdopProduct) -> set[str]:
    """The official fields a curator has set on this product; no list writes them."""
    held = set(product.curated_fields)
    if "sector" in held:
        held.add("category_id")  # the category follows the sector
    return held & set(OFFICIAL_FIELDS)


def loader_held_fields(product: OdopProduct) -> set[str]:
    """What the loader (fixtures/) must not write: the curator's fields, and everything once an
    imported list has changed the product."""
    if product.list_imported_at is not None:
        return set(OFFICIAL_FIELDS)
    return curator_held_fields(product)


def official_values(row: dict[str, str], *, district_id: int, category_id: int) -> dict[str, Any]:
    """The model values of one row of the list (the row already checked)."""
    return {
        "name": row["product_name"].strip(),
        "district_id": district_id,
        "sector": row["sector"].strip(),
        "category_id": category_id,
        "rank": row["category"].strip().lower(),
        "is_gi_tagged": GI_FLAGS[row["gi_tagged"].strip().lower()],
        "ministry": row["ministry_department"].strip(),
    }


def slug_candidates(*, odop_id: str, name: str, district_slug: str) -> list[str]:
    base = slugify(name)[:150] or "product"
    with_district = (base if district_slug in base else f"{base}-{district_slug}")[:185]
    return [with_district, f"{with_district}-{slugify(odop_id[5:]) or slugify(odop_id)}"]


def unique_slugs(candidates: dict[Any, list[str]], taken: dict[Any, str]) -> dict[Any, str]:
    """Pick each row's first candidate slug that no other row wants; keep slugs already given."""
    used = set(taken.values())
    wanted_by = Counter(options[0] for key, options in candidates.items() if key not in taken)
    chosen = dict(taken)
    for key in sorted(candidates, key=str):
        if key in chosen:
            continue
        options = candidates[key]
        slug = next(
            (s for s in options if s not in used and (s != options[0] or wanted_by[s] == 1)),
            options[-1],
        )
        chosen[key] = slug
        used.add(slug)
    return chosen


def _field_limits() -> dict[str, int]:
    return {
        "odop_id": OdopProduct._meta.get_field("odop_id").max_length,
        "product_name": OdopProduct._meta.get_field("name").max_length,
        "ministry_department": OdopProduct._meta.get_field("ministry").max_length,
    }


def _row_problems(
    row: dict[str, str],
    districts: dict[int, District],
    categories: dict[str, Category],
    limits: dict[str, int],
) -> list[str]:
    problems = []
    for column in ("odop_id", "product_name"):
        if not row[column].strip():
            problems.append(f"{column} is empty")
    for column, limit in limits.items():
        if len(row[column].strip()) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    code = row["lgd_district_code"].strip()
    if not code.isdigit():
        problems.append(f"lgd_district_code {code!r} is not a number")
    elif int(code) not in districts:
        problems.append(f"no district has LGD code {code}")
    if row["sector"].strip() not in categories:
        problems.append(f"unknown sector {row['sector'].strip()!r}")
    if row["category"].strip().lower() not in OdopProduct.Rank.values:
        problems.append(
            f"category {row['category'].strip()!r} is not one of Primary, Secondary, Tertiary, Others"
        )
    if row["gi_tagged"].strip().lower() not in GI_FLAGS:
        problems.append(f"gi_tagged {row['gi_tagged'].strip()!r} is not yes or no")
    return problems


def read_official_rows(
    text: str, *, districts: dict[int, District], categories: dict[str, Category]
) -> tuple[list[OfficialRow], list[RowError]]:
    """Check every row of a list in the fixture's format; the rows are usable only when no
    error comes back. Lines starting with # and blank lines are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[OfficialRow] = []
    errors: list[RowError] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[int, str], int] = {}
    limits = _field_limits()
    for cells in reader:
        line = reader.line_num
        if not cells or not "".join(cells).strip() or cells[0].startswith("#"):
            continue
        if header is None:
            header = [cell.strip() for cell in cells]
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                return [], [RowError(line, "", f"missing columns: {', '.join(missing)}")]
            continue
        if len(cells) != len(header):
            errors.append(
                RowError(
                    line, cells[0].strip(), f"{len(cells)} fields, the header has {len(header)}"
                )
            )
            continue
        row = dict(zip(header, cells, strict=True))
        odop_id = row["odop_id"].strip()
        problems = _row_problems(row, districts, categories, limits)
        if odop_id in seen_ids:
            problems.append(f"odop_id {odop_id} is also on line {seen_ids[odop_id]}")
        seen_ids.setdefault(odop_id, line)
        if problems:
            errors.append(RowError(line, odop_id, "; ".join(problems)))
            continue
        district = districts[int(row["lgd_district_code"])]
        values = official_values(
            row, district_id=district.pk, category_id=categories[row["sector"].strip()].pk
        )
        name_key = (district.pk, values["name"].casefold())
        if name_key in seen_names:
            errors.append(
                RowError(
                    line,
                    odop_id,
                    f"{district.name} already has {values['name']!r} on line {seen_names[name_key]}",
                )
            )
            continue
        seen_names[name_key] = line
        rows.append(OfficialRow(line, odop_id, district, values))
    if header is None:
        errors.append(RowError(1, "", "the file is empty"))
    elif not rows and not errors:
        errors.append(RowError(1, "", "the file has a header but no rows"))
    return rows, errors
