"""What a seller is owed for a shipment (PRODUCT.md "What a seller is owed"), as a pure function."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PAISA = Decimal("0.01")
TCS_PERCENT = Decimal("0.5")  # section 52 CGST Act: on the net taxable value
TDS_PERCENT = Decimal("0.1")  # section 194-O Income-tax Act: on the gross amount
TDS_PERCENT_WITHOUT_PAN = Decimal("5")  # section 206AA: no PAN, higher rate


@dataclass(frozen=True)
class Payout:
    gross: Decimal
    commission: Decimal
    tcs: Decimal
    tds: Decimal

    @property
    def net(self) -> Decimal:
        return self.gross - self.commission - self.tcs - self.tds


def _percent(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / 100).quantize(PAISA, rounding=ROUND_HALF_UP)


def payout(
    *, gross: Decimal, taxable_value: Decimal, commission_percent: Decimal | str, has_pan: bool
) -> Payout:
    """Price paid less commission, TCS (0.5 % of taxable value) and TDS (0.1 %, 5 % without PAN)."""
    return Payout(
        gross=gross,
        commission=_percent(gross, Decimal(str(commission_percent))),
        tcs=_percent(taxable_value, TCS_PERCENT),
        tds=_percent(gross, TDS_PERCENT if has_pan else TDS_PERCENT_WITHOUT_PAN),
    )
