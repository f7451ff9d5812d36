from decimal import Decimal

import pytest
from django.template import Context, Template

from odop_bazaar.money import format_inr


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("123456"), "₹1,23,456.00"),
        (Decimal("1234567.5"), "₹12,34,567.50"),
        (Decimal("999.995"), "₹1,000.00"),
        (Decimal("0.5"), "₹0.50"),
        ("not a number", ""),
        (None, ""),
    ],
)
def test_rupees_use_indian_digit_grouping(value, shown):
    assert format_inr(value) == shown


def test_inr_filter_in_a_template():
    rendered = Template("{% load money %}{{ price|inr }}").render(
        Context({"price": Decimal("100000")})
    )

    assert rendered == "₹1,00,000.00"
