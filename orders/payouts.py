"""What a seller is owed for a shipment (PRODUCT.md "What a seller is owed"), as pure functions.

Corrected by issue 8: TCS under section 52 CGST Act is collected only on supplies by a
GST-registered seller; TDS under section 194-O is on the amount without GST when the invoice
shows GST separately (a tax invoice), else on the gross; both follow the net after returns and
cancellations after dispatch (credit notes).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PAISA = Decimal("0.01")
ZERO = Decimal("0.00")
TCS_PERCENT = Decimal("0.5")  # section 52 CGST Act: on the net taxable value
TDS_PERCENT = Decimal("0.1")  # section 194-O Income-tax Act
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

    @property
    def deductions(self) -> Decimal:
        return self.commission + self.tcs + self.tds


def _percent(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / 100).quantize(PAISA, rounding=ROUND_HALF_UP)


def payout(
    *,
    gross: Decimal,
    taxable_value: Decimal,
    commission_percent: Decimal | str,
    has_pan: bool,
    gst_registered: bool = True,
) -> Payout:
    """Price paid less commission, TCS and TDS.

    - TCS 0.5 % of the taxable value, only for a GST-registered seller (section 52);
    - TDS 0.1 % (5 % without PAN, section 206AA) of the taxable value when GST is shown
      separately, that is for a registered seller's tax invoice; of the gross for a bill of supply.
    """
    if gross <= 0:
        return Payout(gross=ZERO, commission=ZERO, tcs=ZERO, tds=ZERO)
    tds_base = taxable_value if gst_registered else gross
    return Payout(
        gross=gross,
        commission=_percent(gross, Decimal(str(commission_percent))),
        tcs=_percent(taxable_value, TCS_PERCENT) if gst_registered else ZERO,
        tds=_percent(tds_base, TDS_PERCENT if has_pan else TDS_PERCENT_WITHOUT_PAN),
    )
