"""The India map in Chromium on a phone-sized screen: it fits, it is shaded, and a keyboard user
reaches a district from it. Screenshots of the home map and a state map go to test-artifacts/."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from districts.models import District
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = "() => { const a = document.activeElement; return a.closest('svg') ? a.getAttribute('href') : null; }"


def test_keyboard_user_reaches_a_district_from_the_home_and_state_maps(page, screenshot):
    call_command("load_reference_data", verbosity=0)
    kannauj = District.objects.get(name="Kannauj")
    ListingFactory.create_batch(3, district=kannauj)
    ListingFactory(district=District.objects.get(name="Agra"))

    page.goto("/")
    figure = page.locator("figure.district-map")
    figure.scroll_into_view_if_needed()
    folder = screenshot("01-home").parent
    figure.screenshot(path=str(folder / "02-home-map.png"))

    # On a 412 px screen the whole map is visible, never wider than the page.
    box = page.locator("svg.district-map-svg").bounding_box()
    assert box["width"] <= 412
    assert box["height"] > 300
    expect(page.locator("svg a")).to_have_count(734)
    expect(page.locator(".map-legend")).to_contain_text("Live listings")

    # Tab from the link just before the map (it offers to skip it) into the first district.
    skip = page.locator(".map-skip")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first is not None
    assert first.startswith("/districts/")
    page.keyboard.press("Tab")
    second = page.evaluate(FOCUSED)
    assert second is not None
    assert second != first
    # The focused district is drawn differently (focus ring on the shape).
    stroke = page.evaluate(
        "() => getComputedStyle(document.activeElement.querySelector('path')).strokeWidth"
    )
    assert stroke == "3px"
    figure.screenshot(path=str(folder / "03-home-map-district-focused.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{second}")

    # The skip link goes straight to the list, which has every district.
    page.goto("/")
    page.locator(".map-skip").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "district-index"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # opens the list
    expect(page.locator("#district-index li", has_text="Malerkotla")).to_contain_text(
        "not on the map"
    )

    # A state page: only its districts, zoomed; Tab reaches Agra first (by name).
    page.goto("/states/uttar-pradesh/")
    state_figure = page.locator("figure.district-map")
    expect(page.locator("svg a")).to_have_count(
        District.objects.filter(state__name="Uttar Pradesh", has_map_shape=True).count()
    )
    state_figure.screenshot(path=str(folder / "04-state-map.png"))
    screenshot("05-state-page")
    page.locator(".map-skip").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "/districts/agra/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/districts/agra/")
    expect(page.locator("h1")).to_contain_text("Agra")
