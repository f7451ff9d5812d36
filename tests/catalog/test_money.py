from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from odop_bazaar.money import format_inr, to_rupees


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


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("12345678.9"), "1,23,45,678.90"),
        (Decimal("1000"), "1,000.00"),
        (7, "7.00"),
        ("2499.5", "2,499.50"),
    ],
)
def test_amount_without_symbol_keeps_indian_grouping(value, shown):
    assert format_inr(value, symbol=False) == shown


@pytest.mark.parametrize(
    ("value", "rupees"),
    [("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("-2.675", "-2.68")],
)
def test_amounts_round_half_up_to_the_paisa(value, rupees):
    assert to_rupees(value) == Decimal(rupees)


def test_inr_filter_is_the_same_on_hindi_pages():
    with translation.override("hi"):
        rendered = Template("{% load money %}{{ price|inr }}").render(
            Context({"price": Decimal("123456")})
        )

    assert rendered == "₹1,23,456.00"
