"""Rupee amounts: Decimal in, Indian digit grouping out (₹12,34,567.50)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, format_decimal

PAISA = Decimal("0.01")


def to_rupees(value: Decimal | int | str) -> Decimal:
    """Round to the paisa, half up, as Indian invoices do."""
    return Decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


def format_inr(value: Decimal | int | str | None, *, symbol: bool = True) -> str:
    """`₹1,23,456.00`; an empty string for None or a value that is not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = to_rupees(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if symbol:
        return format_currency(amount, "INR", locale="en_IN")
    return format_decimal(amount, format="#,##,##0.00", locale="en_IN")
