"""A curator's day in Chromium: the seller and listing queues, a district story, a featured
listing on the storefront; screenshots of the workspace, the dashboard and its map."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from catalog.models import Listing
from curation.models import AuditEntry
from sellers.models import Seller
from tests.curation.queue_data import submitted_listing, submitted_seller
from tests.factories import PASSWORD, ListingFactory, SellerFactory, UserFactory
from tests.orders.factories import place
from tests.sellers.factories import ensure_migration_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_curator_works_the_queues_writes_a_story_and_features_a_listing(page, screenshot):
    ensure_migration_data()
    curator = UserFactory(email="chitra@example.test", full_name="Chitra Curator", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    good = submitted_seller(display_name="Meera Attar Ghar", days_ago=3)
    doubtful = submitted_seller(display_name="Quick Perfumes", days_ago=1)
    seller = SellerFactory(display_name="Kannauj Rose House")
    district = seller.district
    listing = submitted_listing(seller=seller, district=district, title="Rose attar, 10 ml")
    older = ListingFactory(seller=seller, district=district, title="Khus attar, 10 ml")
    place(buyer=UserFactory(), items=[(older, 2)])  # a sale for the dashboard
    call_command("refresh_dashboard", "--all", verbosity=0)

    page.goto("/accounts/login/?next=/curate/")
    page.fill("#id_username", curator.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/curate/")
    expect(page.get_by_role("heading", name="Curator workspace")).to_be_visible()
    folder = screenshot("01-workspace").parent

    # Sellers: oldest first; approve one in bulk, send the other back with a reason.
    page.get_by_role("link", name="Sellers to verify").first.click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("Meera Attar Ghar")
    page.locator(f"#pick-{good.pk}").check()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".message-success")).to_be_visible()
    page.get_by_role("link", name="Quick Perfumes").click()
    expect(page.locator("img.doc-preview, iframe.doc-preview")).to_have_count(1)
    screenshot("02-seller-with-documents")
    reject = page.locator("form", has=page.get_by_role("button", name="Reject"))
    reject.get_by_label("Reason").fill("The PAN card photo is unreadable; please upload it again.")
    reject.get_by_role("button", name="Reject").click()
    expect(page.locator(".message-success")).to_be_visible()

    # Listings: open the one waiting, approve it from its own page.
    page.get_by_role("link", name="Listings", exact=True).click()
    page.get_by_role("link", name="Rose attar, 10 ml").click()
    screenshot("03-listing-to-moderate")
    page.locator("form", has=page.get_by_role("button", name="Approve")).get_by_role(
        "button", name="Approve"
    ).click()
    expect(page.locator(".message-success")).to_be_visible()

    # The district's storefront: a story in English and Hindi, the new listing featured.
    page.goto(f"/curate/districts/{district.slug}/")
    page.get_by_label("Story in English").fill(
        "Kannauj has distilled attar in copper degs for four hundred years."
    )
    page.get_by_label("Story in Hindi").fill("कन्नौज चार सौ वर्षों से तांबे की देग में इत्र बनाता है।")
    page.get_by_role("button", name="Save the story").click()
    expect(page.locator(".message-success")).to_be_visible()
    page.get_by_label("Live listing").select_option(value=str(listing.pk))
    page.get_by_role("button", name="Feature", exact=True).click()
    expect(page.locator("#featured-heading ~ div table")).to_contain_text("Rose attar, 10 ml")
    screenshot("04-district-story")

    page.goto(district.get_absolute_url())
    expect(page.get_by_text("distilled attar in copper degs")).to_be_visible()
    first_card = page.locator(".listing-card, .card").first
    expect(first_card).to_contain_text("Rose attar, 10 ml")
    screenshot("05-storefront-with-story")
    page.goto(f"/hi{district.get_absolute_url()}")
    expect(page.get_by_text("तांबे की देग")).to_be_visible()

    # The dashboard, its map, and the audit log of what was done.
    page.goto("/curate/dashboard/")
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    page.screenshot(path=str(folder / "06-dashboard.png"), full_page=True)
    page.locator("figure.district-map").screenshot(path=str(folder / "07-dashboard-map.png"))
    page.goto("/curate/audit/")
    screenshot("08-audit-log")

    # On a 360 px phone no workspace page scrolls sideways (the nav strip scrolls on its own).
    page.set_viewport_size({"width": 360, "height": 780})
    for path in (
        "/curate/",
        "/curate/sellers/queue/",
        f"/curate/sellers/{doubtful.pk}/",
        "/curate/listings/queue/",
        f"/curate/listings/{listing.pk}/",
        f"/curate/districts/{district.slug}/",
        "/curate/dashboard/",
        "/curate/audit/",
        "/hi/curate/orders/",
    ):
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361 && !e.closest('.curation-nav')).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 60))"
        )
        assert width <= 360, (path, width, wide)
    screenshot("09-workspace-on-a-360px-phone")

    assert Seller.objects.get(pk=good.pk).status == "verified"
    assert Seller.objects.get(pk=doubtful.pk).status == "rejected"
    assert Listing.objects.get(pk=listing.pk).status == "live"
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == sorted(
        [
            "seller.verify",
            "seller.reject",
            "listing.approve",
            "district.story",
            "district.feature",
        ]
    )
