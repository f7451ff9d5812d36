"""GST rate rules: the rate of a product follows its HSN code, its price per piece and the date.

Rules are data (fixtures/gst_rate_rules.csv, loaded into GstRateRule) because rates change by
notification (22 September 2025). The longest HSN prefix in force on the day wins. Where the law
sets a threshold of "sale value per piece" (apparel, made-ups, footwear), we compare the unit
price the buyer pays (GST included) with it: the cautious reading, which never charges less tax
than the other reading (value without GST) would.
"""

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

RULES_FILE = Path(settings.BASE_DIR) / "fixtures" / "gst_rate_rules.csv"
HINDI_DESCRIPTIONS_FILE = Path(settings.BASE_DIR) / "fixtures" / "hsn_descriptions_hi.csv"


class Rule(Protocol):
    hsn_prefix: str
    description: str
    effective_from: date
    effective_until: date | None
    rate: Decimal
    threshold: Decimal | None
    rate_above: Decimal | None


def is_in_force(rule: Rule, on: date) -> bool:
    return rule.effective_from <= on and (
        rule.effective_until is None or on <= rule.effective_until
    )


def rule_from(rules: Iterable[Rule], *, hsn_code: str, on: date) -> Rule | None:
    """The rule for `hsn_code` on `on`: the longest prefix in force, or None."""
    best = None
    for rule in rules:
        if (
            hsn_code.startswith(rule.hsn_prefix)
            and is_in_force(rule, on)
            and (best is None or len(rule.hsn_prefix) > len(best.hsn_prefix))
        ):
            best = rule
    return best


def rate_of(rule: Rule, unit_price: Decimal) -> Decimal:
    """The rule's rate for a piece sold at `unit_price` (GST included)."""
    if rule.threshold is not None and unit_price > rule.threshold:
        assert rule.rate_above is not None  # a database constraint pairs the two
        return rule.rate_above
    return rule.rate


def rate_from(
    rules: Iterable[Rule], *, hsn_code: str, unit_price: Decimal, on: date
) -> Decimal | None:
    """Pure: the GST rate (%) for the HSN code at this unit price on this day, or None."""
    rule = rule_from(rules, hsn_code=hsn_code, on=on)
    return None if rule is None else rate_of(rule, unit_price)


def _prefixes(hsn_code: str) -> list[str]:
    return [hsn_code[:n] for n in range(1, len(hsn_code) + 1)]


def rate_for(hsn_code: str, unit_price: Decimal, on_date: date | None = None) -> Decimal | None:
    """The GST rate for one product (one query); None when no rule covers the HSN code."""
    from .models import GstRateRule

    on = on_date or timezone.localdate()
    rules = GstRateRule.objects.filter(hsn_prefix__in=_prefixes(hsn_code))
    return rate_from(rules, hsn_code=hsn_code, unit_price=unit_price, on=on)


@dataclass(frozen=True)
class RateBook:
    """The rules in force on one day, read once, for pricing many lines without more queries."""

    on: date
    rules: tuple[Rule, ...]

    @classmethod
    def load(cls, *, on: date | None = None) -> "RateBook":
        from .models import GstRateRule

        on = on or timezone.localdate()
        rules = GstRateRule.objects.filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=on), effective_from__lte=on
        )
        return cls(on=on, rules=tuple(rules))

    def rule_for(self, hsn_code: str) -> Rule | None:
        return rule_from(self.rules, hsn_code=hsn_code, on=self.on)

    def rate_for(self, hsn_code: str, unit_price: Decimal) -> Decimal | None:
        return rate_from(self.rules, hsn_code=hsn_code, unit_price=unit_price, on=self.on)


def _percent(rate: Decimal) -> str:
    return f"{rate:f}".rstrip("0").rstrip(".") + "%"


def describe_rate(rule: Rule) -> str:
    """`18%`, or `5% up to ₹2500 a piece, 18% above`."""
    if rule.threshold is None or rule.rate_above is None:
        return _percent(rule.rate)
    return _("%(rate)s up to ₹%(threshold)s a piece, %(above)s above") % {
        "rate": _percent(rule.rate),
        "threshold": f"{rule.threshold:f}".removesuffix(".00"),
        "above": _percent(rule.rate_above),
    }


@functools.cache
def hindi_descriptions(path: Path = HINDI_DESCRIPTIONS_FILE) -> dict[str, str]:
    """{HSN prefix: description in Hindi}, written by the team (fixtures/, with a glossary)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["hsn_prefix"]: row["description_hi"] for row in rows}


def describe(rule: Rule) -> str:
    """The rule's description in the current language (Hindi when written, else English)."""
    if (get_language() or "").startswith("hi"):
        return hindi_descriptions().get(rule.hsn_prefix) or rule.description
    return rule.description


def hsn_choices(book: RateBook | None = None) -> list[tuple[str, str]]:
    """HSN codes a seller may pick (4 digits or more, a rule in force), described, with rate."""
    book = book or RateBook.load()
    rules = {rule.hsn_prefix: rule for rule in book.rules if len(rule.hsn_prefix) >= 4}
    return [
        (code, f"{code}: {describe(rules[code])} ({describe_rate(rules[code])})")
        for code in sorted(rules)
    ]


# --- Loading the data file -------------------------------------------------------------------

FIELDS = [
    "description",
    "effective_until",
    "rate",
    "threshold",
    "rate_above",
    "notification",
    "note",
]


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value.strip() else None


def read_rules_file(path: Path = RULES_FILE) -> dict[tuple[str, date], dict[str, Any]]:
    """The rows of the rules file keyed by (prefix, in force from)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    wanted = {}
    for row in rows:
        key = (row["hsn_prefix"].strip(), date.fromisoformat(row["effective_from"]))
        wanted[key] = {
            "description": row["description"].strip(),
            "effective_until": date.fromisoformat(row["effective_until"])
            if row["effective_until"].strip()
            else None,
            "rate": Decimal(row["rate"]).quantize(Decimal("0.01")),
            "threshold": _decimal(row["threshold_per_piece"]),
            "rate_above": _decimal(row["rate_above_threshold"]),
            "notification": row["notification"].strip(),
            "note": row["note"].strip(),
        }
        for name in ("threshold", "rate_above"):
            if wanted[key][name] is not None:
                wanted[key][name] = wanted[key][name].quantize(Decimal("0.01"))
    return wanted


def load_rate_rules(model: Any = None, path: Path = RULES_FILE) -> tuple[int, int, int, int]:
    """Make the table match the file: (created, updated, unchanged, deleted). Idempotent.

    `model` is the GstRateRule class, or the historical one when a migration calls this.
    Caller holds the transaction when it matters.
    """
    if model is None:
        from .models import GstRateRule as model
    wanted = read_rules_file(path)
    existing = {(rule.hsn_prefix, rule.effective_from): rule for rule in model.objects.all()}
    to_create, to_update = [], []
    for key, values in wanted.items():
        rule = existing.get(key)
        if rule is None:
            to_create.append(model(hsn_prefix=key[0], effective_from=key[1], **values))
        elif any(getattr(rule, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(rule, name, value)
            to_update.append(rule)
    stale = [rule.pk for key, rule in existing.items() if key not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, FIELDS)
    unchanged = len(wanted) - len(to_create) - len(to_update)
    return len(to_create), len(to_update), unchanged, len(stale)
