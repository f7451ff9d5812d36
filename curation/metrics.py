"""Regional balance, computed exactly (fractions, never floats).

Both functions take every district's sales, zeros included (a district that sold nothing is in
the list with 0), and return None when nothing was sold at all (no share or Gini to speak of).
"""

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

Number = int | Decimal | Fraction


def _sorted_fractions(values: Iterable[Number]) -> list[Fraction]:
    xs = sorted(Fraction(value) for value in values)
    if xs and xs[0] < 0:
        raise ValueError("sales cannot be negative")
    return xs


def gini(values: Iterable[Number]) -> Fraction | None:
    """The Gini coefficient of the population (not the sample):

        G = sum_i sum_j |x_i - x_j| / (2 * n**2 * mean)

    0 when every district sold the same, (n - 1) / n when one district sold everything.
    Computed from the sorted values as G = 2 * sum_i i * x_(i) / (n * sum x) - (n + 1) / n,
    i = 1..n, which is the same number. [0, 0, 0, 10] gives 3/4.
    """
    xs = _sorted_fractions(values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return None
    weighted = sum(i * x for i, x in enumerate(xs, start=1))
    return 2 * weighted / (n * total) - Fraction(n + 1, n)


def lower_half_share(values: Iterable[Number]) -> Fraction | None:
    """The share of all sales made by the lower half of districts: the floor(n / 2) districts
    with the smallest sales (ties do not matter, equal values are interchangeable).

    [0, 0, 0, 10] gives 0; [1, 2, 3, 4] gives 3/10; with n = 5 the lower half is 2 districts.
    """
    xs = _sorted_fractions(values)
    total = sum(xs)
    if total == 0:
        return None
    return sum(xs[: len(xs) // 2]) / total
