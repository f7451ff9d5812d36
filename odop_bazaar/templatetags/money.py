from decimal import Decimal

from django import template

from odop_bazaar.money import format_inr

register = template.Library()


@register.filter
def inr(value: Decimal | int | str | None) -> str:
    """Format rupees with Indian digit grouping: {{ listing.price|inr }} -> ₹1,23,456.00."""
    return format_inr(value)


@register.filter
def inr_plain(value: Decimal | int | str | None) -> str:
    """The same grouping without the rupee sign: 1,23,456.00."""
    return format_inr(value, symbol=False)
