"""Regional balance, computed exactly (fractions, never floats).

Both functions take every district's sales, zeros included (a district that sold nothing is in
the list with 0), and return None when nothing was sold at all (no share or Gini to speak of).
"""

from collections.abc import Callable, Iterable
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction

Number = int | Decimal | Fraction


def _sorted_exact(values: Iterable[Number]) -> tuple[list[Number], Callable[[Iterable], Number]]:
    """The values sorted, and a sum that is exact for them.

    Money arrives as Decimal: sorting and adding Decimals (with enough digits, and a trap that
    refuses any rounding) is exact and many times faster than turning each into a Fraction.
    """
    xs = sorted(values)
    if xs and xs[0] < 0:
        raise ValueError("sales cannot be negative")
    if any(isinstance(x, Fraction) for x in xs):
        return xs, lambda items: sum((Fraction(x) for x in items), Fraction(0))

    def exact_sum(items: Iterable) -> Decimal:
        with localcontext() as context:
            context.prec = 80
            context.traps[Inexact] = True
            return sum((Decimal(x) for x in items), Decimal(0))

    return xs, exact_sum


def gini(values: Iterable[Number]) -> Fraction | None:
    """The Gini coefficient of the population (not the sample):

        G = sum_i sum_j |x_i - x_j| / (2 * n**2 * mean)

    0 when every district sold the same, (n - 1) / n when one district sold everything.
    Computed from the sorted values as G = 2 * sum_i i * x_(i) / (n * sum x) - (n + 1) / n,
    i = 1..n, which is the same number. [0, 0, 0, 10] gives 3/4.
    """
    xs, exact_sum = _sorted_exact(values)
    n, total = len(xs), Fraction(exact_sum(xs))
    if n == 0 or total == 0:
        return None
    weighted = Fraction(exact_sum(i * x for i, x in enumerate(xs, start=1)))
    return 2 * weighted / (n * total) - Fraction(n + 1, n)


def lower_half_share(values: Iterable[Number]) -> Fraction | None:
    """The share of all sales made by the lower half of districts: the floor(n / 2) districts
    with the smallest sales (ties do not matter, equal values are interchangeable).

    [0, 0, 0, 10] gives 0; [1, 2, 3, 4] gives 3/10; with n = 5 the lower half is 2 districts.
    """
    xs, exact_sum = _sorted_exact(values)
    total = Fraction(exact_sum(xs))
    if total == 0:
        return None
    return Fraction(exact_sum(xs[: len(xs) // 2])) / total
