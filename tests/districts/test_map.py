"""The India map: one shape per district with an outline, shaded by live listings, linking to
storefronts, with a list for everyone who can't use the map."""

import gzip
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Listing
from districts import map as district_map
from districts.models import District, State
from tests.factories import DistrictFactory, ListingFactory, StateFactory

# Real LGD codes, so the districts have outlines in fixtures/india_districts.topo.json.
UTTAR_PRADESH, BIHAR, PUNJAB = 9, 10, 3
KANNAUJ, AGRA, LUCKNOW, PATNA = 155, 118, 162, 212
MALERKOTLA = 737  # newer than the boundaries: no outline


def svg_of(html: str) -> str:
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no map on the page"
    return match.group(0)


def district_links(svg: str) -> list[str]:
    return re.findall(r'<a href="(/districts/[^"]+/)">', svg)


def shade_of(svg: str, slug: str) -> int:
    match = re.search(
        rf'<a href="/districts/{slug}/"><title>[^<]*</title><path( class="m(\d)")?', svg
    )
    assert match, f"{slug} is not on the map"
    return int(match.group(2) or 0)


@pytest.fixture
def india(db):
    up = StateFactory(
        lgd_code=UTTAR_PRADESH, name="Uttar Pradesh", name_hi="उत्तर प्रदेश", slug="uttar-pradesh"
    )
    bihar = StateFactory(lgd_code=BIHAR, name="Bihar", name_hi="बिहार", slug="bihar")
    punjab = StateFactory(lgd_code=PUNJAB, name="Punjab", name_hi="पंजाब", slug="punjab")

    def district(
        state: State, code: int, name: str, name_hi: str = "", shape: bool = True
    ) -> District:
        return DistrictFactory(
            state=state,
            lgd_code=code,
            name=name,
            name_hi=name_hi,
            has_map_shape=shape,
            slug=name.lower(),
        )

    return {
        "up": up,
        "bihar": bihar,
        "punjab": punjab,
        "kannauj": district(up, KANNAUJ, "Kannauj", "कन्नौज"),
        "agra": district(up, AGRA, "Agra", "आगरा"),
        "lucknow": district(up, LUCKNOW, "Lucknow"),
        "patna": district(bihar, PATNA, "Patna", "पटना"),
        "malerkotla": district(punjab, MALERKOTLA, "Malerkotla", shape=False),
    }


# --- The geometry --------------------------------------------------------------------------------


def test_every_district_with_an_outline_gets_exactly_one_path():
    frame = district_map._frame(None)

    assert set(frame.paths) == district_map.mapped_district_codes()
    assert len(frame.paths) == 734  # fixtures/SOURCES.md: 734 of 773 districts have a polygon
    assert all(re.fullmatch(r"(M\d+ \d+l[-\d ]+z)+", d) for d in frame.paths.values())


def test_whole_india_svg_has_one_link_per_mapped_district_and_stays_light():
    state = State(pk=1, name="Somewhere", slug="somewhere")
    districts = [
        District(pk=code, lgd_code=code, name=f"District {code}", slug=f"d{code}", state=state)
        for code in sorted(district_map.mapped_district_codes())
    ]
    districts.append(
        District(pk=1, lgd_code=MALERKOTLA, name="Malerkotla", slug="malerkotla", state=state)
    )

    figure = district_map.render_map(
        {code: code % 7 for code in district_map.mapped_district_codes()},
        districts=districts,
        label="Test map",
        legend_title="Values",
    )

    svg = svg_of(figure)
    assert len(district_links(svg)) == 734
    assert svg.count("<path") == 734 + 2  # + the polygon with no district, + the state borders
    assert "/districts/malerkotla/" not in svg
    # Light enough for the home page: measured 120 KB raw, 30 KB gzipped.
    assert len(svg.encode()) < 150_000
    assert len(gzip.compress(svg.encode())) < 45_000


def test_state_frame_is_zoomed_to_the_state():
    india, up = district_map._frame(None), district_map._frame(UTTAR_PRADESH)

    assert set(up.paths) <= set(india.paths)
    assert KANNAUJ in up.paths
    assert PATNA not in up.paths
    for frame in (india, up):  # each fills its box one way, and hugs the drawing the other
        assert frame.width <= 800
        assert frame.height <= 880
        assert frame.width == 800 or frame.height == 880

    # Uttar Pradesh fills the frame: its districts lie far further apart than on the India map.
    def spread(frame) -> int:
        starts = [int(re.match(r"M(\d+)", frame.paths[code]).group(1)) for code in up.paths]
        return max(starts) - min(starts)

    assert spread(up) > 3 * spread(india)


# --- Shading -------------------------------------------------------------------------------------


def test_shading_classes_are_quantiles_of_the_positive_values():
    values = [0, 0, 1, 1, 2, 3, 5, 8, 13, 40]

    breaks = district_map.class_breaks(values)

    assert breaks == [1, 3, 8, 40]
    assert [district_map.shade(v, breaks) for v in values] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert district_map.shade(None, breaks) == 0
    assert district_map.class_breaks([0, 0]) == []
    assert district_map.class_breaks([2, 2, 2]) == [2]  # no empty classes


def test_map_shading_follows_live_listing_counts(client, india):
    ListingFactory(district=india["kannauj"])
    ListingFactory.create_batch(3, district=india["agra"])
    ListingFactory.create_batch(9, district=india["patna"])
    ListingFactory(district=india["lucknow"], status=Listing.Status.DRAFT)  # not live

    svg = svg_of(client.get("/").content.decode())

    assert shade_of(svg, "lucknow") == 0
    assert shade_of(svg, "kannauj") == 1
    assert shade_of(svg, "agra") == 2
    assert shade_of(svg, "patna") == 3
    assert '<a href="/districts/lucknow/"><title>Lucknow: 0</title>' in svg
    assert '<a href="/districts/agra/"><title>Agra: 3</title>' in svg
    # The state map, with room to spare, says what the number is.
    state_svg = svg_of(client.get("/states/uttar-pradesh/").content.decode())
    assert '<a href="/districts/agra/"><title>Agra: 3 live listings</title>' in state_svg
    assert "<title>Lucknow: 0 live listings</title>" in state_svg


# --- Pages ---------------------------------------------------------------------------------------


def test_home_map_links_every_mapped_district_to_its_storefront(client, india):
    ListingFactory.create_batch(2, district=india["kannauj"])

    response = client.get("/")

    html = response.content.decode()
    svg = svg_of(html)
    assert sorted(district_links(svg)) == [
        "/districts/agra/",
        "/districts/kannauj/",
        "/districts/lucknow/",
        "/districts/patna/",
    ]
    assert '<a href="/districts/kannauj/"><title>Kannauj: 2</title>' in svg
    assert client.get("/districts/kannauj/").status_code == 200
    # Named for assistive technology, grouped by state, with a way past it.
    assert (
        'role="group" aria-label="Map of India&#x27;s districts, each with its number of live'
        ' listings"'
    ) in svg
    assert '<g role="group" aria-label="Uttar Pradesh">' in svg
    assert '<a class="map-skip" href="#district-index">' in html
    assert 'id="district-index"' in html
    # Legend, attribution, and the caveat about the boundaries.
    assert '<p class="map-legend-title">Live listings</p>' in html
    assert "None yet" in html
    assert (
        'District boundaries: <a href="https://www.geoboundaries.org/" lang="en">geoBoundaries</a>'
        ' (<span lang="en">gbOpen IND ADM2</span>,'
        ' <a href="https://opendatacommons.org/licenses/odbl/1-0/" lang="en">ODbL 1.0</a>)'
    ) in html
    assert "Boundaries are indicative only" in html
    assert "districts/map.css" in html


def test_district_without_an_outline_is_in_the_list_but_not_on_the_map(client, india):
    ListingFactory.create_batch(2, district=india["malerkotla"])

    html = client.get("/").content.decode()

    assert "/districts/malerkotla/" not in svg_of(html)
    index = html[html.index('id="district-index"') :]
    assert (
        '<li><a href="/districts/malerkotla/">Malerkotla</a> <span class="count">2</span>'
        ' <span class="small">(not on the map)</span></li>'
    ) in index
    assert "<h4>Punjab</h4>" in index
    assert "<summary>Show all 5 districts, by state</summary>" in index
    assert (
        '<li><a href="/districts/kannauj/">Kannauj</a> <span class="count">0</span></li>' in index
    )


def test_state_map_shows_only_that_states_districts(client, india):
    ListingFactory(district=india["agra"])

    html = client.get("/states/uttar-pradesh/").content.decode()

    svg = svg_of(html)
    assert sorted(district_links(svg)) == [
        "/districts/agra/",
        "/districts/kannauj/",
        "/districts/lucknow/",
    ]
    assert "<g role=" not in svg  # one state: no state groups
    assert f'd="{district_map._frame(UTTAR_PRADESH).paths[KANNAUJ]}"' in svg  # the zoomed frame
    assert 'aria-label="Map of the districts of Uttar Pradesh, shaded by live listings"' in svg
    assert '<a class="map-skip" href="#state-districts">' in html
    assert "geoBoundaries" in html


def test_state_page_lists_a_district_without_outline(client, india):
    html = client.get("/states/punjab/").content.decode()

    # Punjab's only district here has no outline: no map, but the list has it.
    assert "<svg" not in html
    assert '<a href="/districts/malerkotla/">Malerkotla</a>' in html


def test_hindi_map_names_districts_in_hindi(client, india):
    ListingFactory(district=india["kannauj"])

    html = client.get("/hi/").content.decode()

    svg = svg_of(html)
    assert '<a href="/hi/districts/kannauj/"><title>कन्नौज: ' in svg
    assert "<title>Lucknow: " in svg  # no Hindi name yet: the English one
    assert '<g role="group" aria-label="उत्तर प्रदेश">' in svg
    state_svg = svg_of(client.get("/hi/states/uttar-pradesh/").content.decode())
    assert "<title>आगरा: " in state_svg


def test_a_name_used_in_two_states_says_which_state(client, india):
    DistrictFactory(
        state=india["bihar"], lgd_code=211, name="Kannauj", slug="kannauj-bihar", has_map_shape=True
    )

    svg = svg_of(client.get("/").content.decode())

    assert "<title>Kannauj, Uttar Pradesh: 0</title>" in svg
    assert "<title>Kannauj, Bihar: 0</title>" in svg
    assert "<title>Agra: 0</title>" in svg


# --- Queries and the cache -----------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_map_pages_run_a_fixed_number_of_queries(client, india):
    ListingFactory(district=india["kannauj"], photos=1)
    small = {url: count_queries(client, url) for url in ("/", "/hi/", "/states/uttar-pradesh/")}

    for code, name in ((119, "Aligarh"), (120, "Allahabad"), (121, "Ambedkar Nagar")):
        district = DistrictFactory(state=india["up"], lgd_code=code, name=name, has_map_shape=True)
        ListingFactory.create_batch(2, district=district, photos=1)
    ListingFactory.create_batch(3, district=india["patna"], photos=1)
    large = {url: count_queries(client, url) for url in ("/", "/hi/", "/states/uttar-pradesh/")}

    assert small == large == {"/": 6, "/hi/": 6, "/states/uttar-pradesh/": 3}


@pytest.fixture
def storefront_cache(settings):
    settings.STOREFRONT_CACHE_SECONDS = 60
    cache.clear()  # nothing left from earlier runs (Redis keeps it)
    yield
    cache.clear()


def test_rendered_map_is_cached_until_the_catalogue_changes(client, india, storefront_cache, buyer):
    client.force_login(buyer)  # signed in: no whole-page cache, only the map's
    ListingFactory(district=india["kannauj"])

    first = count_queries(client, "/")
    second = count_queries(client, "/")
    assert second < first  # the districts and their counts were not read again

    ListingFactory.create_batch(2, district=india["kannauj"])  # a save bumps the version

    svg = svg_of(client.get("/").content.decode())
    assert "<title>Kannauj: 3</title>" in svg


# --- render_map for other callers (the curators' dashboard) --------------------------------------


def test_render_map_without_links_is_one_image_with_caller_labels(india):
    figure = district_map.render_map(
        {india["kannauj"].pk: Decimal("1500.00"), india["agra"].pk: Decimal("250.50")},
        state=india["up"],
        link=False,
        label="Sales by district",
        legend_title="Sales",
        format_value=lambda value: f"₹{value:,.0f}",
        zero_label="No sales",
    )

    svg = svg_of(figure)
    assert 'role="img" aria-label="Sales by district"' in svg
    assert "<a " not in svg
    assert "map-skip" not in figure
    assert "<title>Kannauj: ₹1,500</title>" in svg
    assert "<title>Lucknow: ₹0</title>" in svg
    assert '<p class="map-legend-title">Sales</p>' in figure
    assert "No sales" in figure
    assert "₹250" in figure
    assert "₹1,500" in figure
    assert "/districts/patna/" not in figure


def test_names_are_escaped_in_the_svg(client, india):
    india["agra"].name = 'Agra <script>alert("x")</script> & Co'
    india["agra"].save()
    india["up"].name = "Uttar <b>Pradesh</b>"
    india["up"].save()

    svg = svg_of(client.get("/").content.decode())

    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "<title>Agra &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co: " in svg
    assert 'aria-label="Uttar &lt;b&gt;Pradesh&lt;/b&gt;"' in svg


def test_render_map_reads_the_districts_itself_when_not_given(india, django_assert_num_queries):
    with django_assert_num_queries(1):
        figure = district_map.render_map(
            {india["patna"].pk: 7}, label="Orders", legend_title="Orders"
        )

    svg = svg_of(figure)
    assert len(district_links(svg)) == 4
    assert "<title>Patna: 7</title>" in svg
