"""GST on a sale, as pure functions (PRODUCT.md "GST on a sale").

Prices shown to buyers include GST. The supplier's location is the seller's registered state and
the place of supply is the delivery state: the same state means CGST + SGST (CGST + UTGST in a
union territory without a legislature), two states mean IGST at the full rate.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PAISA = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LineTax:
    total: Decimal
    taxable_value: Decimal
    cgst: Decimal = ZERO
    sgst: Decimal = ZERO
    utgst: Decimal = ZERO
    igst: Decimal = ZERO

    @property
    def tax(self) -> Decimal:
        return self.cgst + self.sgst + self.utgst + self.igst


def _paise(value: Decimal) -> Decimal:
    return value.quantize(PAISA, rounding=ROUND_HALF_UP)


def line_tax(*, total: Decimal, rate: Decimal, intra_state: bool, utgst: bool = False) -> LineTax:
    """Split a GST-inclusive line total into taxable value and tax heads, to the paisa.

    taxable + heads == total exactly. Intra-state, the two halves are computed once and used
    twice, so they are equal to the paisa; the taxable value absorbs the rounding.
    """
    total = _paise(Decimal(total))
    rate = Decimal(rate)
    if rate < 0 or total < 0:
        raise ValueError("GST rate and total must not be negative.")
    if rate == 0:
        return LineTax(total=total, taxable_value=total)
    exact_taxable = total * 100 / (100 + rate)
    if not intra_state:
        taxable = _paise(exact_taxable)
        return LineTax(total=total, taxable_value=taxable, igst=total - taxable)
    half = _paise(exact_taxable * rate / 200)
    taxable = total - 2 * half
    if utgst:
        return LineTax(total=total, taxable_value=taxable, cgst=half, utgst=half)
    return LineTax(total=total, taxable_value=taxable, cgst=half, sgst=half)


def financial_year(on_date: date) -> int:
    """The Indian financial year (April to March) as its starting calendar year."""
    return on_date.year if on_date.month >= 4 else on_date.year - 1


def financial_year_label(fy: int) -> str:
    """2026 → "2627" (short, to keep invoice numbers within 16 characters)."""
    return f"{fy % 100:02d}{(fy + 1) % 100:02d}"
