"""A new seller's whole path in Chromium: sign up, onboard, get verified, list, go live."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from PIL import Image
from playwright.sync_api import expect

from tests.factories import OdopProductFactory, StateFactory, UserFactory
from tests.sellers.factories import PDF, UP_GSTIN, UP_PAN, district_in, ensure_migration_data

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (180, 60, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def log_in_to_admin(page, email: str, password: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def run_admin_action(page, path: str, row_text: str, action: str) -> None:
    page.goto(path)
    page.locator("tr", has_text=row_text).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state()


def test_new_seller_onboards_is_verified_lists_and_appears_on_the_storefront(
    page, screenshot, browser
):
    ensure_migration_data()
    StateFactory.reset_sequence(40)  # factory GST codes clear of 09 (see tests/sellers/conftest)
    cache.delete("signups:ip:127.0.0.1")  # earlier runs' sign-ups, kept in Redis for an hour
    district = district_in("09")
    product = OdopProductFactory(district=district, name="Kannauj Attar")
    curator = UserFactory(email="curator@example.test", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))

    # 1. Sign up from /sell/.
    page.goto("/sell/")
    folder = screenshot("01-sell").parent
    page.get_by_role("link", name="Create an account to start").click()
    page.fill("#id_email", "meera@example.test")
    page.fill("#id_full_name", "Meera Devi")
    page.fill("#id_password1", "chikan kari 1984")
    page.fill("#id_password2", "chikan kari 1984")
    screenshot("02-signup")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", ""))
    page.get_by_role("button", name="Activate and log in").click()

    # 2. Onboarding, one saved step at a time; one mistake on the way.
    page.get_by_label("Individual artisan").check()
    page.fill("#id_display_name", "Meera Attar Ghar")
    page.select_option("#id_district", label=f"{district.name} ({district.state.name})")
    page.fill("#id_mobile", "12345")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#id_mobile_error")).to_contain_text(
        "Enter a 10-digit Indian mobile number"
    )
    expect(page.get_by_role("alert")).to_be_focused()  # the error summary, read out first
    assert page.input_value("#id_display_name") == "Meera Attar Ghar"
    screenshot("03-about-with-an-error")
    page.fill("#id_mobile", "98765 43210")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label(str(product)).check()
    page.get_by_role("button", name="Save and continue").click()
    page.fill("#id_address", "12, Attar Gali, Kannauj")
    page.fill("#id_pin_code", "209725")
    page.get_by_role("button", name="Save and continue").click()
    page.fill("#id_pan", UP_PAN)
    page.fill("#id_gstin", UP_GSTIN)
    page.fill("#id_udyam_number", "UDYAM-UP-01-0000001")
    screenshot("04-tax")
    page.get_by_role("button", name="Save and continue").click()
    page.fill("#id_bank_account_number", "123456789012")
    page.fill("#id_bank_account_number_again", "123456789012")
    page.fill("#id_ifsc", "SBIN0001234")
    page.get_by_role("button", name="Save and continue").click()
    page.select_option("#id_kind", "pan")
    page.set_input_files(
        "#id_file", {"name": "pan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_text("XXXXXX939F")).to_be_visible()
    screenshot("05-review-masked")
    page.get_by_role("button", name="Submit for verification").click()
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()
    screenshot("06-dashboard-submitted")

    # 3. A curator verifies the seller in the admin queue.
    curator_context = browser.new_context(base_url=page.url.split("/seller")[0])
    curator_page = curator_context.new_page()
    log_in_to_admin(curator_page, "curator@example.test", "correct horse battery staple")
    run_admin_action(
        curator_page,
        "/admin/sellers/seller/?status__exact=submitted",
        "Meera Attar Ghar",
        "approve",
    )
    expect(curator_page.get_by_text("1 seller(s) verified.")).to_be_visible()
    curator_page.screenshot(
        path=str(screenshot("07-placeholder").with_name("07-curator-verified.png")), full_page=True
    )

    # 4. The seller lists a product with a photo and sends it for review.
    page.goto("/seller/")
    page.get_by_role("link", name="Add a listing").first.click()
    page.fill("#id_title", "Rose attar, 10 ml")
    page.fill("#id_description", "Distilled in copper degs in Kannauj.")
    page.select_option("#id_odop_product", label=str(product))
    page.select_option("#id_category", label=product.category.name)
    page.fill("#id_price", "450")
    page.fill("#id_mrp", "500")
    page.fill("#id_stock", "12")
    page.select_option("#id_hsn_code", "3303")  # perfumes and attar: the rate (18 %) follows
    page.set_input_files(
        "#id_photos", {"name": "attar.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Listing saved as a draft.")).to_be_visible()
    assert page.locator("ol.photos img").count() == 1
    screenshot("08-listing-draft")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("body")).to_contain_text("Submitted for review")
    screenshot("09-dashboard-listing-submitted")

    # 5. The curator approves the listing; it is on the district storefront at once.
    run_admin_action(
        curator_page, "/admin/catalog/listing/?status__exact=submitted", "Rose attar", "approve"
    )
    curator_page.get_by_text("1 listing(s) approved.").wait_for()
    curator_page.screenshot(path=str(folder / "10-curator-approved.png"), full_page=True)
    curator_context.close()

    page.goto(district.get_absolute_url())
    screenshot("11-district-storefront")
    expect(page.get_by_text("Rose attar, 10 ml").first).to_be_visible()
    page.get_by_text("Rose attar, 10 ml").first.click()
    assert page.locator("h1").inner_text() == "Rose attar, 10 ml"
    screenshot("12-listing-page")
