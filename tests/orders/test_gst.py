from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders.gst import financial_year, financial_year_label, line_tax
from orders.payouts import payout

D = Decimal


def test_intra_state_sale_splits_into_equal_cgst_and_sgst():
    tax = line_tax(total=D("1050.00"), rate=D("5"), intra_state=True)

    assert (tax.taxable_value, tax.cgst, tax.sgst, tax.utgst, tax.igst) == (
        D("1000.00"),
        D("25.00"),
        D("25.00"),
        D("0"),
        D("0"),
    )


def test_inter_state_sale_charges_igst_at_the_full_rate():
    tax = line_tax(total=D("1180.00"), rate=D("18"), intra_state=False)

    assert (tax.taxable_value, tax.igst, tax.cgst, tax.sgst) == (
        D("1000.00"),
        D("180.00"),
        D("0"),
        D("0"),
    )


def test_union_territory_without_legislature_charges_utgst_instead_of_sgst():
    tax = line_tax(total=D("1120.00"), rate=D("12"), intra_state=True, utgst=True)

    assert (tax.cgst, tax.utgst, tax.sgst) == (D("60.00"), D("60.00"), D("0"))


def test_odd_paisa_of_tax_goes_to_taxable_value_so_halves_stay_equal():
    # 499 at 5 %: taxable 475.238…, tax 23.7619… → halves 11.88 each, taxable 475.24.
    tax = line_tax(total=D("499.00"), rate=D("5"), intra_state=True)

    assert tax.cgst == tax.sgst == D("11.88")
    assert tax.taxable_value == D("475.24")
    assert tax.taxable_value + tax.cgst + tax.sgst == D("499.00")


def test_zero_rated_line_has_no_tax():
    tax = line_tax(total=D("250.00"), rate=D("0"), intra_state=False)

    assert (tax.taxable_value, tax.tax) == (D("250.00"), D("0"))


@given(
    paise=st.integers(min_value=1, max_value=10**11),
    rate=st.sampled_from([D("0"), D("0.25"), D("3"), D("5"), D("12"), D("18"), D("28"), D("40")]),
    intra=st.booleans(),
    ut=st.booleans(),
)
def test_heads_always_add_up_to_the_total_and_halves_are_equal(paise, rate, intra, ut):
    total = D(paise) / 100

    tax = line_tax(total=total, rate=rate, intra_state=intra, utgst=ut)

    assert tax.taxable_value + tax.cgst + tax.sgst + tax.utgst + tax.igst == total
    assert tax.cgst == (tax.utgst if ut else tax.sgst) or not intra
    # Within a paisa per head of the exact taxable value.
    assert abs(tax.taxable_value - total * 100 / (100 + rate)) <= D("0.02")


@pytest.mark.parametrize(
    ("day", "year", "label"),
    [
        (date(2026, 3, 31), 2025, "2526"),
        (date(2026, 4, 1), 2026, "2627"),
        (date(2099, 12, 31), 2099, "9900"),
    ],
)
def test_financial_year_runs_april_to_march(day, year, label):
    assert financial_year(day) == year
    assert financial_year_label(year) == label


def test_payout_deducts_commission_tcs_on_taxable_value_and_tds():
    owed = payout(
        gross=D("1180.00"), taxable_value=D("1000.00"), commission_percent="10", has_pan=True
    )

    # TDS under 194-O on the amount without GST, since a tax invoice shows GST separately.
    assert (owed.commission, owed.tcs, owed.tds, owed.net) == (
        D("118.00"),
        D("5.00"),
        D("1.00"),
        D("1056.00"),
    )


def test_tds_is_five_percent_without_pan():
    owed = payout(
        gross=D("1000.00"), taxable_value=D("952.38"), commission_percent="0", has_pan=False
    )

    assert (owed.tcs, owed.tds, owed.net) == (D("4.76"), D("47.62"), D("947.62"))


def test_seller_without_gstin_suffers_no_tcs_and_tds_on_the_gross():
    owed = payout(
        gross=D("998.00"),
        taxable_value=D("998.00"),
        commission_percent="0",
        has_pan=True,
        gst_registered=False,
    )

    assert (owed.tcs, owed.tds, owed.net) == (D("0.00"), D("1.00"), D("997.00"))
