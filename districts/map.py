"""India's districts as a server-rendered SVG map, shaded by any number per district.

The outlines come from `fixtures/india_districts.topo.json` (geoBoundaries, see
fixtures/SOURCES.md), joined to districts by their LGD code. The file is read once per process;
each view of it (all of India, or one state fitted to its own bounds) is projected, simplified and
turned into SVG path data once, then kept in memory (`_frame`, at most 37 of them).

Simplification works on the TopoJSON arcs, not on each district's ring: a border shared by two
districts is one arc, simplified once (Douglas-Peucker), so neighbours still meet after it. The
coordinates are then rounded to whole units of the viewBox and written as relative moves.

`render_map()` is what pages call; it knows nothing about listings or sales.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import District, State

TOPOLOGY_PATH = Path(settings.BASE_DIR) / "fixtures" / "india_districts.topo.json"

# A view is fitted inside WIDTH x MAX_HEIGHT units of its viewBox.
WIDTH = 800
MAX_HEIGHT = 880
MARGIN = 4
# Douglas-Peucker tolerance in viewBox units: points closer than this to the simplified line go.
# All of India is drawn about 1 unit to a pixel; a state, zoomed in, keeps more detail.
TOLERANCE_INDIA = 1.6
TOLERANCE_STATE = 1.0
SLUG_MARK = "district-slug-here"
GEOBOUNDARIES_URL = "https://www.geoboundaries.org/"
ODBL_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
# Shading classes besides "none": quantiles of the positive values.
CLASSES = 4

Number = int | float | Decimal
Point = tuple[float, float]


# --- Reading the TopoJSON ---------------------------------------------------------------------


@dataclass(frozen=True)
class Feature:
    lgd_district_code: int | None
    lgd_state_code: int
    # Polygons, each a list of rings, each ring a list of arc indexes (~i: arc i reversed).
    polygons: tuple[tuple[tuple[int, ...], ...], ...]


@dataclass(frozen=True)
class Topology:
    arcs: tuple[tuple[Point, ...], ...]  # longitude, latitude
    features: tuple[Feature, ...]


@lru_cache(maxsize=1)
def topology() -> Topology:
    """The boundary file decoded: arcs in degrees, and the district features."""
    with open(TOPOLOGY_PATH, encoding="utf-8") as handle:
        raw = json.load(handle)
    (scale_x, scale_y), (shift_x, shift_y) = (
        raw["transform"]["scale"],
        raw["transform"]["translate"],
    )
    arcs = []
    for arc in raw["arcs"]:  # quantised and delta-encoded
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(tuple(points))
    features = []
    for geometry in raw["objects"]["districts"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:  # pragma: no cover - the file has only these two
            continue
        code = geometry["properties"].get("lgd_district_code")
        features.append(
            Feature(
                lgd_district_code=int(code) if code is not None else None,
                lgd_state_code=int(geometry["properties"]["lgd_state_code"]),
                polygons=tuple(tuple(tuple(ring) for ring in polygon) for polygon in polygons),
            )
        )
    return Topology(arcs=tuple(arcs), features=tuple(features))


def mapped_district_codes() -> frozenset[int]:
    """LGD codes of the districts that have an outline."""
    return frozenset(
        f.lgd_district_code for f in topology().features if f.lgd_district_code is not None
    )


# --- Projection and simplification ------------------------------------------------------------


def _simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; the two ends always stay."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        farthest, index = -1.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
                distance = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if distance > farthest:
                farthest, index = distance, i
        if farthest > limit:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _rounded(points: Iterable[Point]) -> list[tuple[int, int]]:
    """To whole units, without repeats; the ends stay, so arcs still join."""
    rounded: list[tuple[int, int]] = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    return rounded


def _ring_points(ring: Sequence[int], arcs: Mapping[int, list[tuple[int, int]]]) -> list:
    points: list[tuple[int, int]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    # Rounding can make neighbours equal: drop repeats.
    distinct = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(distinct) > 1 and distinct[0] == distinct[-1]:
        distinct.pop()
    return distinct


def _area(points: Sequence[tuple[int, int]]) -> float:
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def _path_data(rings: Iterable[Sequence[tuple[int, int]]]) -> str:
    """SVG path data: an absolute move, then relative lines, for each ring."""
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        steps = []
        for nx, ny in rest:
            steps.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{' '.join(steps)}z")
    return "".join(parts).replace(" -", "-")


@dataclass(frozen=True)
class Frame:
    """One view of the map: its size and the path data of each district in it."""

    width: int
    height: int
    paths: Mapping[int, str]  # LGD district code -> path data
    unassigned: str  # polygons with no district (geoBoundaries' "DATA NOT AVAILABLE")
    borders: str  # state borders and the coast, as lines drawn over the districts


@lru_cache(maxsize=40)
def _frame(state_lgd_code: int | None) -> Frame:
    """All of India (None) or one state, projected, simplified and rounded, once per process."""
    topo = topology()
    features = [
        f for f in topo.features if state_lgd_code is None or f.lgd_state_code == state_lgd_code
    ]
    used = {
        index if index >= 0 else ~index
        for f in features
        for polygon in f.polygons
        for ring in polygon
        for index in ring
    }
    if not used:
        return Frame(width=WIDTH, height=WIDTH // 2, paths={}, unassigned="", borders="")
    longitudes = [lon for i in used for lon, _lat in topo.arcs[i]]
    latitudes = [lat for i in used for _lon, lat in topo.arcs[i]]
    # Equirectangular, with east-west distances shrunk by cos(latitude) at the middle.
    stretch = math.cos(math.radians((min(latitudes) + max(latitudes)) / 2))
    west, north = min(longitudes) * stretch, max(latitudes)
    span_x = max(longitudes) * stretch - west or 1e-9
    span_y = north - min(latitudes) or 1e-9
    scale = min((WIDTH - 2 * MARGIN) / span_x, (MAX_HEIGHT - 2 * MARGIN) / span_y)
    # The viewBox hugs the drawing: a tall state (Kerala) makes a narrow map, not a wide one.
    width = math.ceil(span_x * scale + 2 * MARGIN)
    height = math.ceil(span_y * scale + 2 * MARGIN)

    def project(lon: float, lat: float) -> Point:
        return ((lon * stretch - west) * scale + MARGIN, (north - lat) * scale + MARGIN)

    tolerance = TOLERANCE_INDIA if state_lgd_code is None else TOLERANCE_STATE
    projected = {i: [project(*point) for point in topo.arcs[i]] for i in used}
    simplified = {i: _rounded(_simplify(points, tolerance)) for i, points in projected.items()}
    exact = {i: _rounded(points) for i, points in projected.items()}

    paths: dict[int, str] = {}
    unassigned = []
    for feature in features:
        rings = [
            ring
            for polygon in feature.polygons
            for ring in (_ring_points(r, simplified) for r in polygon)
            if len(ring) >= 3 and _area(ring) > 0
        ]
        if not rings:  # too small once simplified: keep every point, or at least a dot
            rings = [
                ring
                for polygon in feature.polygons
                for ring in (_ring_points(r, exact) for r in polygon)
                if len(ring) >= 3 and _area(ring) > 0
            ]
        if not rings:
            first = feature.polygons[0][0][0]
            x, y = exact[first if first >= 0 else ~first][0]
            rings = [[(x - 1, y - 1), (x + 1, y - 1), (x + 1, y + 1), (x - 1, y + 1)]]
        data = _path_data(rings)
        if feature.lgd_district_code is None:
            unassigned.append(data)
        else:
            paths[feature.lgd_district_code] = paths.get(feature.lgd_district_code, "") + data
    return Frame(
        width=width,
        height=height,
        paths=paths,
        unassigned="".join(unassigned),
        borders=_border_data(features, simplified),
    )


def _border_data(features: Sequence[Feature], arcs: Mapping[int, list[tuple[int, int]]]) -> str:
    """The arcs that part two states, or that only one district uses (coast, frontier)."""
    users: dict[int, list[int]] = {}
    for feature in features:
        for polygon in feature.polygons:
            for ring in polygon:
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, []).append(
                        feature.lgd_state_code
                    )
    lines = [
        arcs[index]
        for index, states in sorted(users.items())
        if (len(states) == 1 or len(set(states)) > 1) and len(set(arcs[index])) > 1
    ]
    return "".join(
        f"M{line[0][0]} {line[0][1]}l"
        + " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in zip(line, line[1:], strict=False))
        for line in lines
    ).replace(" -", "-")


# --- Shading ------------------------------------------------------------------------------------


def class_breaks(values: Iterable[Number], classes: int = CLASSES) -> list[Number]:
    """Upper bounds of up to `classes` shading classes: quantiles of the positive values."""
    positive = sorted(v for v in values if v and v > 0)
    breaks: list[Number] = []
    for i in range(1, classes + 1):
        if not positive:
            break
        bound = positive[math.ceil(i * len(positive) / classes) - 1]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def shade(value: Number | None, breaks: Sequence[Number]) -> int:
    """0 for nothing (None or <= 0), else 1..len(breaks): the first class whose bound holds it."""
    if not value or value <= 0:
        return 0
    for index, bound in enumerate(breaks, start=1):
        if value <= bound:
            return index
    return len(breaks)


@dataclass(frozen=True)
class LegendEntry:
    shade: int
    label: str


def _legend(
    values: Sequence[Number], breaks: Sequence[Number], format_value: Callable, zero_label: str
) -> list[LegendEntry]:
    entries = [LegendEntry(0, zero_label)]
    for index in range(1, len(breaks) + 1):
        members = [v for v in values if shade(v, breaks) == index]
        low, high = min(members), max(members)
        label = (
            format_value(low)
            if low == high
            else _("%(low)s to %(high)s") % {"low": format_value(low), "high": format_value(high)}
        )
        entries.append(LegendEntry(index, label))
    return entries


# --- The markup ---------------------------------------------------------------------------------


def render_map(
    values: Mapping[int, Number],
    *,
    districts: Iterable[District] | None = None,
    state: State | None = None,
    link: bool = True,
    label: str,
    legend_title: str,
    value_label: Callable[[Number], str] | None = None,
    format_value: Callable[[Number], str] = str,
    zero_label: str | None = None,
    list_id: str = "",
) -> SafeString:
    """A `<figure>` with the SVG map of India (or of one state), its legend and attribution.

    - `values`: a number per district pk (live listings, sales in rupees...). Districts missing
      from it, and values of 0 or less, get the "none" shade.
    - `districts`: the District rows to draw (fetched with their state if not given: one query).
      Only these are drawn; with `state`, only those of that state. Districts without an outline
      in the boundary file are left out of the drawing; list them next to the map (`list_id`).
    - `state`: draw that state alone, zoomed to its bounds. Otherwise all of India: districts
      grouped by state (`<g role="group">` named by the state), and a name used in two states
      (Aurangabad, Bilaspur...) followed by its state in the tooltip.
    - `link`: each district is an `<a href>` to its storefront (keyboard reachable, named by its
      `<title>`). Without links the SVG is one image (`role="img"`) named by `label`.
    - `label`: the accessible name of the map, e.g. "Map of districts by live listings".
    - `legend_title`, `zero_label` (default "None"): the legend's heading and its first entry.
    - `value_label(value)`: the text after a district's name in its tooltip, e.g.
      "3 live listings" (default: `format_value`). `format_value(value)`: a number in the legend.
    - `list_id`: the id of the accessible list or table the page shows with the map; the map
      then offers a link that skips it, to that list.

    Shading: 5 classes, "none" and 4 quantiles of the positive values; the legend gives the
    range of values actually in each class. The CSS is districts/static/districts/map.css
    (`.m0` ... `.m4` inside `.district-map`). The result is markup; cache it if the values are costly.
    """
    if districts is None:
        districts = District.objects.select_related("state")
        if state is not None:
            districts = districts.filter(state=state)
    frame = _frame(state.lgd_code if state is not None else None)
    value_label = value_label or format_value
    zero_label = zero_label if zero_label is not None else _("None")
    shown = [
        d
        for d in districts
        if d.lgd_code in frame.paths and (state is None or d.state_id == state.pk)
    ]
    # Tab order: by state, then by name.
    shown.sort(key=lambda d: (d.state.name, d.name) if state is None else d.name)
    shown_values = [values.get(d.pk) or 0 for d in shown]
    breaks = class_breaks(shown_values)
    legend = _legend(shown_values, breaks, format_value, zero_label)

    # 734 districts on the India map: plain string building with escape(), one URL pattern
    # and one label per distinct value (reverse() and format_html() per district cost ~0.1 s).
    name_count = Counter(d.name for d in shown)  # Aurangabad, Bilaspur...: say which state
    two_states, titled = _("%(district)s, %(state)s"), _("%(name)s: %(value)s")
    url_pattern = District(slug=SLUG_MARK).get_absolute_url()
    labels: dict[Number, str] = {}
    groups: dict[int, list[str]] = {}
    for district, value in zip(shown, shown_values, strict=True):
        name = district.display_name
        if state is None and name_count[district.name] > 1:
            name = two_states % {"district": name, "state": district.state.display_name}
        if value not in labels:
            labels[value] = value_label(value)
        title = escape(titled % {"name": name, "value": labels[value]})
        level = shade(value, breaks)  # the lightest shade is the default fill: no class
        shade_class = f' class="m{level}"' if level else ""
        path = f'<path{shade_class} d="{frame.paths[district.lgd_code]}"/>'
        if link:
            href = escape(url_pattern.replace(SLUG_MARK, district.slug))
            shape = f'<a href="{href}"><title>{title}</title>{path}</a>'
        else:
            shape = f"<g><title>{title}</title>{path}</g>"
        groups.setdefault(district.state_id if state is None else 0, []).append(shape)
    if state is None:  # one group per state, named for screen readers
        states = {d.state_id: d.state for d in shown}
        body = "".join(
            f'<g role="group" aria-label="{escape(states[state_id].display_name)}">'
            f"{''.join(members)}</g>"
            for state_id, members in groups.items()
        )
    else:
        body = "".join(groups.get(0, []))
    svg = format_html(
        '<svg class="district-map-svg" viewBox="0 0 {} {}" role="{}" aria-label="{}">'
        '{}{}<path class="map-borders" d="{}"/></svg>',
        frame.width,
        frame.height,
        "group" if link else "img",
        label,
        format_html('<path class="map-unassigned" d="{}"/>', frame.unassigned)
        if frame.unassigned
        else "",
        mark_safe(body),  # every name and URL in it went through escape()
        frame.borders,
    )
    legend_html = format_html(
        '<div class="map-legend"><p class="map-legend-title">{}</p><ul>{}</ul></div>',
        legend_title,
        format_html_join(
            "",
            '<li><span class="map-swatch m{}" aria-hidden="true"></span> {}</li>',
            ((entry.shade, entry.label) for entry in legend),
        ),
    )
    skip = (
        format_html(
            '<a class="map-skip" href="#{}">{}</a>', list_id, _("Skip the map, go to the list")
        )
        if list_id and link
        else ""
    )
    caption = format_html(
        '<figcaption class="map-caption small">{} {}</figcaption>',
        _("Boundaries are indicative only: they are not the Survey of India's boundaries."),
        format_html(
            _(
                "District boundaries: {source} ({dataset}, {licence}), {provider};"
                " state borders derived from them."
            ),
            # Names of sources and licences stay as they are written: lang="en".
            source=format_html('<a href="{}" lang="en">geoBoundaries</a>', GEOBOUNDARIES_URL),
            dataset=format_html('<span lang="en">{}</span>', "gbOpen IND ADM2"),
            licence=format_html('<a href="{}" lang="en">ODbL 1.0</a>', ODBL_URL),
            provider=format_html('<span lang="en">{}</span>', "Pathways Data / LGD"),
        ),
    )
    return format_html(
        '<figure class="district-map">{}{}{}{}</figure>', skip, svg, legend_html, caption
    )
