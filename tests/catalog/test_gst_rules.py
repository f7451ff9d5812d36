"""GST rate rules: longest HSN prefix, price per piece, and the date of the supply."""

from datetime import date
from decimal import Decimal as D

import pytest

from catalog.gst_rules import RateBook, rate_for, rate_from, read_rules_file
from catalog.models import GstRateRule

BEFORE, CHANGE = date(2025, 9, 21), date(2025, 9, 22)


def rule(prefix, rate, threshold=None, above=None, start=date(2017, 7, 1), until=None):
    return GstRateRule(
        hsn_prefix=prefix,
        description=prefix,
        effective_from=start,
        effective_until=until,
        rate=D(rate),
        threshold=None if threshold is None else D(threshold),
        rate_above=None if above is None else D(above),
    )


def test_the_longest_prefix_wins():
    rules = [rule("62", "12"), rule("6214", "5"), rule("621410", "3")]

    assert rate_from(rules, hsn_code="62149000", unit_price=D("10"), on=CHANGE) == D("5")
    assert rate_from(rules, hsn_code="62141000", unit_price=D("10"), on=CHANGE) == D("3")
    assert rate_from(rules, hsn_code="6205", unit_price=D("10"), on=CHANGE) == D("12")
    assert rate_from(rules, hsn_code="6305", unit_price=D("10"), on=CHANGE) is None


def test_a_rule_applies_only_between_its_dates():
    rules = [rule("9503", "12", until=BEFORE), rule("9503", "5", start=CHANGE)]

    assert rate_from(rules, hsn_code="9503", unit_price=D("1"), on=BEFORE) == D("12")
    assert rate_from(rules, hsn_code="9503", unit_price=D("1"), on=CHANGE) == D("5")
    assert rate_from(rules, hsn_code="9503", unit_price=D("1"), on=date(2017, 6, 30)) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hsn", "price", "on", "rate"),
    [
        # Apparel: up to ₹1,000 a piece 5 %, above 12 % until 21 Sept 2025 ...
        ("6204", "1000.00", BEFORE, "5.00"),
        ("6204", "1000.01", BEFORE, "12.00"),
        # ... then up to ₹2,500 5 %, above 18 % (Notification 9/2025-Central Tax (Rate)).
        ("6204", "1000.01", CHANGE, "5.00"),
        ("6204", "2500.00", CHANGE, "5.00"),
        ("6204", "2500.01", CHANGE, "18.00"),
        ("61091000", "2600.00", CHANGE, "18.00"),  # a knitted T-shirt, by its 8-digit code
        ("6101", "900.00", BEFORE, "5.00"),  # chapter 61 backs up headings not in the file
        # Footwear: up to ₹1,000 a pair 12 %, above 18 %; from 22 Sept 2025 ₹2,500: 5 % / 18 %.
        ("6403", "999.00", BEFORE, "12.00"),
        ("6403", "1500.00", BEFORE, "18.00"),
        ("6403", "1500.00", CHANGE, "5.00"),
        ("6404", "2500.01", CHANGE, "18.00"),
        ("6403", "900.00", date(2021, 12, 31), "5.00"),
        # No threshold: the price does not matter.
        ("3303", "50.00", CHANGE, "18.00"),
        ("3303", "90000.00", BEFORE, "18.00"),
        ("7418", "800.00", BEFORE, "12.00"),
        ("7418", "800.00", CHANGE, "5.00"),
        ("7113", "50000.00", CHANGE, "3.00"),
        ("0910", "300.00", CHANGE, "5.00"),
        ("5007", "30000.00", CHANGE, "5.00"),
    ],
)
def test_rates_from_the_rules_file(hsn, price, on, rate):
    assert rate_for(hsn, D(price), on) == D(rate)
    assert RateBook.load(on=on).rate_for(hsn, D(price)) == D(rate)


@pytest.mark.django_db
def test_an_hsn_code_without_a_rule_has_no_rate():
    assert rate_for("1234", D("100.00"), CHANGE) is None


@pytest.mark.django_db
def test_a_rate_book_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        book = RateBook.load(on=CHANGE)
    with django_assert_num_queries(0):
        rates = [book.rate_for(code, D("999")) for code in ("3303", "6204", "9503", "0902")]

    assert rates == [D("18.00"), D("5.00"), D("5.00"), D("5.00")]


def test_every_rule_names_its_notification_and_periods_do_not_overlap():
    rules = read_rules_file()
    by_prefix: dict[str, list[tuple[date, date | None]]] = {}
    for (prefix, start), values in rules.items():
        assert values["notification"].startswith("Notification "), prefix
        assert (values["threshold"] is None) == (values["rate_above"] is None), prefix
        by_prefix.setdefault(prefix, []).append((start, values["effective_until"]))
    for prefix, spans in by_prefix.items():
        spans.sort()
        for (_start, until), (next_start, _until) in zip(spans, spans[1:], strict=False):
            assert until is not None, prefix
            assert until < next_start, prefix
