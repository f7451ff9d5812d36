import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_buyer_browses_from_home_to_a_listing(page, screenshot):
    call_command("load_reference_data", verbosity=0)
    call_command("seed_demo", listings=12, no_renditions=True, verbosity=0)

    page.goto("/")
    screenshot("01-home")
    page.get_by_role("link", name="Uttar Pradesh", exact=True).click()
    page.get_by_role("heading", name="Kannauj", exact=True).get_by_role("link").click()
    screenshot("02-kannauj-storefront")
    page.locator(".card-link").first.click()
    screenshot("03-listing")

    # Kannauj's demo sellers sell attar: "Mitti Attar, 10 ml", not "Kannauj Perfume, gift set".
    assert "Attar, " in page.locator("h1").inner_text()
    assert page.locator(".price-large").inner_text().startswith("₹")
