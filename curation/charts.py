"""Small charts drawn on the server as SVG (no chart script): monthly sales bars and a balance line.

Each chart has a title and a description for screen readers; the month table beside it holds
the same figures.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from odop_bazaar.money import format_inr

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 88, 12, 12, 40
DELIVERED_COLOUR, OPEN_COLOUR = "#8a3b12", "#e0a458"
GINI_COLOUR, SHARE_COLOUR = "#1f4e79", "#5b8c3a"


def _n(value: float) -> str:
    return f"{value:.1f}"


def _nice_ceiling(value: Decimal) -> Decimal:
    """A round top for the axis: 1, 2 or 5 times a power of ten, at least `value`."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _short_month(month: date) -> str:
    return date_format(month, "M y") if month.month != 1 else date_format(month, "M Y")


def sales_bars(
    points: list[tuple[date, Decimal, Decimal]], *, title: str, delivered: str, open_: str
) -> SafeString:
    """Stacked bars per month: delivered value below, open value on top."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_ceiling(max((d + o for _m, d, o in points), default=Decimal(0)))
    slot = plot_w / max(len(points), 1)
    bar_w = max(slot * 0.7, 1)
    label_every = max(1, round(len(points) / 12))
    parts = _grid(
        [format_inr((top * tick / 4).quantize(Decimal(1))).replace(".00", "") for tick in range(5)]
    )
    for index, (month, delivered_value, open_value) in enumerate(points):
        x = LEFT + index * slot + (slot - bar_w) / 2
        base = TOP + plot_h
        for value, colour, name in (
            (delivered_value, DELIVERED_COLOUR, delivered),
            (open_value, OPEN_COLOUR, open_),
        ):
            h = float(value / top) * plot_h
            if h > 0:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                        "<title>{}: {} {}</title></rect>",
                        _n(x),
                        _n(base - h),
                        _n(bar_w),
                        _n(h),
                        colour,
                        date_format(month, "YEAR_MONTH_FORMAT"),
                        name,
                        format_inr(value),
                    )
                )
            base -= h
        if index % label_every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
                    _n(x + bar_w / 2),
                    HEIGHT - BOTTOM + 16,
                    _short_month(month),
                )
            )
    legend = _legend([(DELIVERED_COLOUR, delivered), (OPEN_COLOUR, open_)])
    return _svg(title, mark_safe("".join(parts) + legend))


def balance_lines(
    points: list[tuple[date, Fraction | None, Fraction | None]],
    *,
    title: str,
    gini: str,
    share: str,
) -> SafeString:
    """Two lines on a 0 to 1 scale: the Gini coefficient and the lower half's share."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    label_every = max(1, round(len(points) / 12))
    parts = _grid([f"{tick / 4:.2f}" for tick in range(5)])
    for series, colour in ((1, GINI_COLOUR), (2, SHARE_COLOUR)):
        coords = [
            (LEFT + index * slot + slot / 2, TOP + plot_h - float(point[series]) * plot_h)
            for index, point in enumerate(points)
            if point[series] is not None
        ]
        if coords:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                    " ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
                    colour,
                )
            )
            parts.append(
                format_html_join(
                    "",
                    '<circle cx="{}" cy="{}" r="3" fill="{}"/>',
                    ((_n(x), _n(y), colour) for x, y in coords),
                )
            )
    for index, point in enumerate(points):
        if index % label_every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
                    _n(LEFT + index * slot + slot / 2),
                    HEIGHT - BOTTOM + 16,
                    _short_month(point[0]),
                )
            )
    legend = _legend([(GINI_COLOUR, gini), (SHARE_COLOUR, share)])
    return _svg(title, mark_safe("".join(parts) + legend))


def _grid(labels: list[str]) -> list[str]:
    """Evenly spaced horizontal lines from the bottom of the plot up, each with its label."""
    plot_h = HEIGHT - TOP - BOTTOM
    lines = []
    for index, label in enumerate(labels):
        y = TOP + plot_h - index / (len(labels) - 1) * plot_h
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
                '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _n(y),
                _n(y),
                LEFT - 6,
                _n(y + 4),
                label,
            )
        )
    return lines


def _legend(items: list[tuple[str, str]]) -> str:
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" class="axis">{}</text>',
        (
            (LEFT + i * 200, HEIGHT - 14, colour, LEFT + i * 200 + 16, HEIGHT - 4, label)
            for i, (colour, label) in enumerate(items)
        ),
    )


def _svg(title: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        title,
        body,
    )
