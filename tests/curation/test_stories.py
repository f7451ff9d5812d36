"""Curating storefronts: district and ODOP product stories, hero photos, featured listings and
the producer-story queue. Curators only; one audit entry per action."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Listing
from curation.models import AuditEntry
from districts import services as district_services
from districts.models import FeaturedListing, StoryPhoto
from sellers import services as seller_services
from sellers.models import ProducerStory
from tests.factories import (
    DistrictFactory,
    ListingFactory,
    OdopProductFactory,
    SellerFactory,
    _jpeg,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kannauj(db):
    return DistrictFactory(name="Kannauj", slug="kannauj", name_hi="कन्नौज")


@pytest.fixture
def product(kannauj):
    return OdopProductFactory(district=kannauj, name="Kannauj Perfume", is_gi_tagged=True)


@pytest.fixture
def pending_story(kannauj):
    seller = SellerFactory(district=kannauj, display_name="Rahim Attars")
    return seller_services.save_producer_story(
        seller=seller, text="My grandfather built our first deg.", has_consent=True
    )


def jpeg_upload(size=(400, 300)):
    return SimpleUploadedFile("hero.jpg", _jpeg((180, 90, 30), size), content_type="image/jpeg")


def featured_titles(district):
    return list(
        FeaturedListing.objects.filter(district=district)
        .order_by("position")
        .values_list("listing__title", flat=True)
    )


# --- Who may come in ------------------------------------------------------------------------


def urls(kannauj, product, pending_story, listing):
    return {
        "get": [
            "/curate/districts/",
            "/curate/districts/kannauj/",
            f"/curate/odop-products/{product.pk}/story/",
            "/curate/producer-stories/",
        ],
        "post": [
            "/curate/producer-stories/bulk/",
            "/curate/districts/kannauj/",
            "/curate/districts/kannauj/hero/",
            "/curate/districts/kannauj/featured/",
            f"/curate/districts/kannauj/featured/{listing.pk}/up/",
            f"/curate/odop-products/{product.pk}/story/",
            f"/curate/odop-products/{product.pk}/story/hero/",
            f"/curate/producer-stories/{pending_story.pk}/publish/",
            f"/curate/producer-stories/{pending_story.pk}/reject/",
        ],
    }


def test_outsiders_get_403_and_change_nothing(client, outsiders, kannauj, product, pending_story):
    listing = ListingFactory(district=kannauj)
    district_services.feature_listing(district=kannauj, listing=listing)
    pages = urls(kannauj, product, pending_story, listing)

    for user in outsiders:
        client.force_login(user)
        for url in pages["get"]:
            assert client.get(url).status_code == 403, (user, url)
        for url in pages["post"]:
            response = client.post(url, {"story": "Hacked", "reason": "x", "listing": listing.pk})
            assert response.status_code == 403, (user, url)

    assert AuditEntry.objects.count() == 0
    kannauj.refresh_from_db()
    assert kannauj.story == ""
    assert ProducerStory.objects.get().status == "pending"


def test_anonymous_visitors_are_sent_to_log_in(client, kannauj, product, pending_story):
    listing = ListingFactory(district=kannauj)
    pages = urls(kannauj, product, pending_story, listing)

    for url in pages["get"] + pages["post"]:
        response = client.post(url) if url in pages["post"] else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_curator_pages_render_in_hindi(curator_client, kannauj, product, pending_story):
    for url in [
        "/hi/curate/districts/",
        "/hi/curate/districts/kannauj/",
        f"/hi/curate/odop-products/{product.pk}/story/",
        "/hi/curate/producer-stories/",
    ]:
        response = curator_client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="hi">' in response.content.decode(), url


# --- Districts: search and story ------------------------------------------------------------


def test_curator_finds_a_district_by_name_in_english_or_hindi(curator_client, kannauj):
    DistrictFactory(name="Moradabad")

    by_english = curator_client.get("/curate/districts/", {"q": "kann"})
    by_hindi = curator_client.get("/curate/districts/", {"q": "कन्नौज"})

    for response in (by_english, by_hindi):
        assert [d.name for d in response.context["page"].object_list] == ["Kannauj"]
        assert 'href="/curate/districts/kannauj/"' in response.content.decode()


def test_editing_a_district_story_writes_one_audit_entry_with_before_and_after(
    curator_client, curator, kannauj
):
    kannauj.story = "Old story."
    kannauj.save()

    response = curator_client.post(
        "/curate/districts/kannauj/",
        {"story": "Kannauj has distilled attar for four centuries.", "story_hi": "कन्नौज का इत्र।"},
    )

    assert response.status_code == 302
    kannauj.refresh_from_db()
    assert (kannauj.story, kannauj.story_hi) == (
        "Kannauj has distilled attar for four centuries.",
        "कन्नौज का इत्र।",
    )
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id) == (
        curator,
        "district.story",
        str(kannauj.pk),
    )
    assert entry.changes == {
        "story": ["Old story.", "Kannauj has distilled attar for four centuries."],
        "story_hi": ["", "कन्नौज का इत्र।"],
    }
    storefront = curator_client.get("/hi/districts/kannauj/").content.decode()
    assert "कन्नौज का इत्र।" in storefront


def test_a_story_too_long_is_a_form_error_and_changes_nothing(curator_client, kannauj):
    response = curator_client.post(
        "/curate/districts/kannauj/", {"story": "x" * 5001, "story_hi": ""}
    )

    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters" in response.content.decode()
    kannauj.refresh_from_db()
    assert kannauj.story == ""
    assert AuditEntry.objects.count() == 0


# --- Hero photos ----------------------------------------------------------------------------


def test_uploading_and_removing_a_hero_photo_each_write_one_audit_entry(
    curator_client, kannauj, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = curator_client.post(
            "/curate/districts/kannauj/hero/",
            {"photo": jpeg_upload(), "alt_text": "Copper stills at dawn"},
        )

    assert uploaded.status_code == 302
    kannauj.refresh_from_db()
    photo = kannauj.hero_photo
    assert (photo.alt_text, photo.width, photo.height) == ("Copper stills at dawn", 400, 300)
    assert sorted(photo.renditions["jpeg"]) == ["320"]
    entry = AuditEntry.objects.get()
    assert entry.action == "district.hero_photo"
    assert entry.changes == {"hero_photo": [None, photo.image.name]}

    removed = curator_client.post("/curate/districts/kannauj/hero/", {"remove": "1"})

    assert removed.status_code == 302
    kannauj.refresh_from_db()
    assert kannauj.hero_photo is None
    assert StoryPhoto.objects.count() == 0
    assert AuditEntry.objects.count() == 2
    assert AuditEntry.objects.first().changes == {"hero_photo": [photo.image.name, None]}


def test_a_file_that_is_not_a_photo_is_refused(curator_client, kannauj):
    response = curator_client.post(
        "/curate/districts/kannauj/hero/",
        {"photo": SimpleUploadedFile("hero.jpg", b"%PDF-1.4 not a photo"), "alt_text": "x"},
    )

    assert response.status_code == 400
    assert "This file is not a JPEG, PNG or WebP photo." in response.content.decode()
    assert StoryPhoto.objects.count() == 0
    assert AuditEntry.objects.count() == 0


# --- Featured listings ----------------------------------------------------------------------


def test_curator_features_and_reorders_listings_and_the_storefront_follows(curator_client, kannauj):
    for title in ["Rose attar", "Mitti attar", "Plain attar"]:
        ListingFactory(district=kannauj, title=title)
    pk = dict(Listing.objects.values_list("title", "pk"))

    for title in ["Rose attar", "Mitti attar"]:
        curator_client.post("/curate/districts/kannauj/featured/", {"listing": pk[title]})
    curator_client.post(f"/curate/districts/kannauj/featured/{pk['Mitti attar']}/up/")

    assert featured_titles(kannauj) == ["Mitti attar", "Rose attar"]
    assert AuditEntry.objects.count() == 3
    last = AuditEntry.objects.first()
    assert last.action == "district.reorder_featured"
    assert last.changes == {
        "featured_listings": [
            [pk["Rose attar"], pk["Mitti attar"]],
            [pk["Mitti attar"], pk["Rose attar"]],
        ]
    }
    storefront = curator_client.get("/districts/kannauj/")
    assert [listing.title for listing in storefront.context["page"].object_list] == [
        "Mitti attar",
        "Rose attar",
        "Plain attar",
    ]

    curator_client.post(f"/curate/districts/kannauj/featured/{pk['Mitti attar']}/down/")
    curator_client.post(f"/curate/districts/kannauj/featured/{pk['Rose attar']}/remove/")

    assert featured_titles(kannauj) == ["Mitti attar"]
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "district.feature",
        "district.feature",
        "district.reorder_featured",
        "district.reorder_featured",
        "district.unfeature",
    ]


def test_only_live_listings_of_the_district_are_offered_and_accepted(curator_client, kannauj):
    live = ListingFactory(district=kannauj, title="Live attar")
    draft = ListingFactory(district=kannauj, title="Draft attar", status=Listing.Status.DRAFT)
    elsewhere = ListingFactory(title="Brass of Moradabad")

    page = curator_client.get("/curate/districts/kannauj/")
    for listing in (draft, elsewhere):
        response = curator_client.post(
            "/curate/districts/kannauj/featured/", {"listing": listing.pk}, follow=True
        )
        assert "Select a valid choice." in response.content.decode()

    assert list(page.context["feature_form"].fields["listing"].queryset) == [live]
    assert FeaturedListing.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_an_unknown_featured_action_or_listing_is_a_404(curator_client, kannauj):
    listing = ListingFactory(district=kannauj)
    district_services.feature_listing(district=kannauj, listing=listing)
    other = ListingFactory(district=kannauj)

    assert (
        curator_client.post(f"/curate/districts/kannauj/featured/{listing.pk}/delete/").status_code
        == 404
    )
    assert (
        curator_client.post(f"/curate/districts/kannauj/featured/{other.pk}/up/").status_code == 404
    )
    assert AuditEntry.objects.count() == 0


# --- ODOP product stories -------------------------------------------------------------------


def test_editing_an_odop_product_story_writes_one_audit_entry(curator_client, product):
    data = {
        "story": "Attar came with the Mughal court.",
        "story_hi": "",
        "craft": "Distilled in copper degs.",
        "craft_hi": "",
        "community": "",
        "community_hi": "",
        "gi_application_number": "120",
        "gi_source_name": "GI Journal 33",
        "gi_source_url": "https://search.ipindia.gov.in/GIRPublic/",
    }

    response = curator_client.post(f"/curate/odop-products/{product.pk}/story/", data)

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.craft, product.gi_application_number) == ("Distilled in copper degs.", "120")
    entry = AuditEntry.objects.get()
    assert entry.action == "odop_product.story"
    assert entry.changes == {
        "craft": ["", "Distilled in copper degs."],
        "gi_application_number": ["", "120"],
        "gi_source_name": ["", "GI Journal 33"],
        "gi_source_url": ["", "https://search.ipindia.gov.in/GIRPublic/"],
        "story": ["", "Attar came with the Mughal court."],
    }
    assert (
        "Distilled in copper degs."
        in curator_client.get(product.get_absolute_url()).content.decode()
    )


def test_a_bad_gi_source_address_is_a_form_error(curator_client, product):
    response = curator_client.post(
        f"/curate/odop-products/{product.pk}/story/",
        {"story": "x", "gi_source_url": "not an address", "gi_application_number": "12 3"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid URL." in html
    assert "Write the number as the GI Registry does" in html
    assert AuditEntry.objects.count() == 0


def test_odop_product_hero_photo_writes_one_audit_entry(curator_client, product):
    response = curator_client.post(
        f"/curate/odop-products/{product.pk}/story/hero/",
        {"photo": jpeg_upload(), "alt_text": "A deg on the fire"},
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.hero_photo.alt_text == "A deg on the fire"
    assert AuditEntry.objects.get().action == "odopproduct.hero_photo"


# --- Producer stories -----------------------------------------------------------------------


def test_the_queue_shows_on_the_curator_home_with_its_count(curator_client, pending_story):
    home = curator_client.get("/curate/").content.decode()
    queue = curator_client.get("/curate/producer-stories/").content.decode()

    assert 'href="/curate/producer-stories/">Producer stories to publish</a>' in home
    assert "My grandfather built our first deg." in queue
    assert "Rahim Attars" in queue


def test_publishing_a_story_writes_one_entry_and_shows_it_on_the_storefront(
    curator_client, curator, pending_story
):
    response = curator_client.post(f"/curate/producer-stories/{pending_story.pk}/publish/")

    assert response.status_code == 302
    pending_story.refresh_from_db()
    assert pending_story.status == "published"
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.changes) == (
        curator,
        "producer_story.publish",
        {"status": ["pending", "published"]},
    )
    assert (
        "My grandfather built our first deg."
        in curator_client.get("/districts/kannauj/").content.decode()
    )


def test_rejecting_a_story_needs_a_reason_and_writes_one_entry(curator_client, pending_story):
    without = curator_client.post(f"/curate/producer-stories/{pending_story.pk}/reject/", {})
    pending_story.refresh_from_db()
    assert (without.status_code, pending_story.status) == (302, "pending")
    assert AuditEntry.objects.count() == 0

    curator_client.post(
        f"/curate/producer-stories/{pending_story.pk}/reject/",
        {"reason": "Please leave out the phone number."},
    )

    pending_story.refresh_from_db()
    assert (pending_story.status, pending_story.rejection_reason) == (
        "rejected",
        "Please leave out the phone number.",
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason) == (
        "producer_story.reject",
        "Please leave out the phone number.",
    )


def test_a_story_whose_consent_was_withdrawn_cannot_be_published(curator_client, pending_story):
    seller_services.withdraw_producer_story_consent(seller=pending_story.seller)

    response = curator_client.post(
        f"/curate/producer-stories/{pending_story.pk}/publish/", follow=True
    )

    assert "This cannot move from" in response.content.decode()
    pending_story.refresh_from_db()
    assert pending_story.status == "withdrawn"
    assert AuditEntry.objects.count() == 0


def test_curator_publishes_or_rejects_ticked_stories_in_bulk(curator_client, kannauj):
    stories = [
        seller_services.save_producer_story(
            seller=SellerFactory(district=kannauj), text=f"Story {n}.", has_consent=True
        )
        for n in range(3)
    ]

    curator_client.post(
        "/curate/producer-stories/bulk/",
        {"action": "publish", "ids": [stories[0].pk, stories[1].pk]},
    )
    no_reason = curator_client.post(
        "/curate/producer-stories/bulk/", {"action": "reject", "ids": [stories[2].pk]}, follow=True
    )
    curator_client.post(
        "/curate/producer-stories/bulk/",
        {"action": "reject", "ids": [stories[2].pk, stories[0].pk], "reason": "Too short."},
    )

    assert "Please give a reason the sellers can act on." in no_reason.content.decode()
    statuses = [ProducerStory.objects.get(pk=story.pk).status for story in stories]
    assert statuses == ["published", "published", "rejected"]
    # one entry per story decided; the published one was not pending, so it was not offered
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "producer_story.publish",
        "producer_story.publish",
        "producer_story.reject",
    ]


# --- Query counts ---------------------------------------------------------------------------


def test_curator_pages_run_a_fixed_number_of_queries(
    curator_client, kannauj, product, django_assert_num_queries, settings
):
    def grow(n):
        for _ in range(n):
            DistrictFactory(name=f"Kannauj {DistrictFactory._meta.model.objects.count()}")
            listing = ListingFactory(district=kannauj)
            district_services.feature_listing(district=kannauj, listing=listing)
            ListingFactory(district=kannauj)
            OdopProductFactory(district=kannauj)
            seller_services.save_producer_story(
                seller=SellerFactory(district=kannauj), text="Words.", has_consent=True
            )

    # Every page: the session (from the cache with Redis), the user and the Curators check,
    # then its own reads.
    base = 3 if settings.SESSION_ENGINE.endswith(".db") else 2
    pages = {
        "/curate/districts/?q=kann": base + 2,  # count, page of districts
        "/curate/districts/kannauj/": base + 4,  # district, featured, candidates, ODOP products
        f"/curate/odop-products/{product.pk}/story/": base + 1,  # the product
        "/curate/producer-stories/": base + 2,  # count, page of stories
    }
    grow(1)
    for url, count in pages.items():
        with django_assert_num_queries(count):
            assert curator_client.get(url).status_code == 200
    grow(5)
    for url, count in pages.items():
        with django_assert_num_queries(count):
            assert curator_client.get(url).status_code == 200
