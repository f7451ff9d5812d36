"""The shaded district map, if the districts app offers one (districts.map.render_map).

Imported lazily: without districts.map the dashboard shows no map and nothing else changes.
"""

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe


def district_map(values: Callable[[], dict[int, int]], **options: Any) -> SafeString:
    """SVG markup of India's districts shaded by `values()` (district pk -> number), or "".
    The values are only read when there is a map to draw."""
    try:
        from districts.map import render_map
    except ModuleNotFoundError as error:
        if error.name != "districts.map":
            raise
        return mark_safe("")
    return mark_safe(render_map(values(), **options))
