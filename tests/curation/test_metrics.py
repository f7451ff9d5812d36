"""Gini coefficient and the lower half's share, checked against sums worked by hand."""

from decimal import Decimal
from fractions import Fraction
from itertools import permutations

import pytest

from curation.metrics import gini, lower_half_share


def brute_force_gini(values):
    """The definition itself: sum over all pairs |x_i - x_j| / (2 n^2 mean)."""
    xs = [Fraction(v) for v in values]
    n = len(xs)
    mean = sum(xs) / n
    return sum(abs(a - b) for a in xs for b in xs) / (2 * n * n * mean)


def test_one_district_of_four_sells_everything():
    # pairs: 3 zeros each differ from 10 twice (i, j and j, i) = 60; 2 * 16 * 2.5 = 80
    assert gini([0, 0, 0, 10]) == Fraction(3, 4)
    assert lower_half_share([0, 0, 0, 10]) == 0


def test_equal_sales_are_perfectly_balanced():
    assert gini([5, 5, 5, 5]) == 0
    assert lower_half_share([5, 5, 5, 5]) == Fraction(1, 2)


def test_one_two_three_four():
    # sum |xi - xj| over ordered pairs = 2 * (1+2+3+1+2+1) = 20; 2 * 16 * 2.5 = 80
    assert gini([4, 1, 3, 2]) == Fraction(1, 4)
    # the two smallest, 1 + 2, of 10
    assert lower_half_share([4, 1, 3, 2]) == Fraction(3, 10)


def test_odd_count_takes_the_floor_of_half():
    # n = 5: the lower half is the 2 smallest, 1 + 2 of 15
    assert lower_half_share([5, 4, 3, 2, 1]) == Fraction(1, 5)
    # sum over ordered pairs = 2 * 20 = 40; 2 * 25 * 3 = 150
    assert gini([5, 4, 3, 2, 1]) == Fraction(4, 15)


def test_money_stays_exact():
    values = [Decimal("0.10"), Decimal("0.20"), Decimal("0.00")]
    # pairs: |.1-.2| + |.1-0| + |.2-0| = .4, twice = .8; 2 * 9 * .1 = 1.8
    assert gini(values) == Fraction(4, 9)
    assert lower_half_share(values) == 0


def test_nothing_sold_has_no_figure():
    assert gini([0, 0, 0]) is None
    assert lower_half_share([0, 0, 0]) is None
    assert gini([]) is None
    assert lower_half_share([]) is None


def test_one_district_alone():
    assert gini([7]) == 0
    assert lower_half_share([7]) == 0


@pytest.mark.parametrize("values", [[0, 0, 0, 10], [3, 1, 4, 1, 5, 9, 2, 6], [1, 1, 2, 0, 0, 7]])
def test_sorted_formula_matches_the_definition_whatever_the_order(values):
    for order in list(permutations(values))[:10]:
        assert gini(order) == brute_force_gini(values)


def test_negative_sales_are_refused():
    with pytest.raises(ValueError, match="negative"):
        gini([1, -1])


def test_fractions_are_accepted_too():
    assert gini([Fraction(1, 3), Fraction(0), Fraction(0)]) == Fraction(2, 3)
    assert lower_half_share([Fraction(1, 3), Fraction(2, 3)]) == Fraction(1, 3)
