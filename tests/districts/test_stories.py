"""Story cards on the storefront: district and ODOP product stories (English and Hindi), hero
photos, featured listings in the curators' order, producer stories, and the empty district
that is not a dead end."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.images import clean_upload
from catalog.models import Listing
from districts import services as district_services
from districts.models import FeaturedListing
from sellers import services as seller_services
from sellers.models import ProducerStory
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ListingFactory,
    OdopProductFactory,
    SellerFactory,
    _jpeg,
)

pytestmark = pytest.mark.django_db


def titles_in(response) -> list[str]:
    return [listing.title for listing in response.context["page"].object_list]


def photo(size=(40, 30)):
    return clean_upload(_jpeg((200, 120, 40), size))


def publish_story(seller, text="I weave as my mother did.", with_photo=False):
    story = seller_services.save_producer_story(
        seller=seller, text=text, has_consent=True, photo=photo() if with_photo else None
    )
    return seller_services.publish_producer_story(story=story)


@pytest.fixture
def kannauj(db):
    return DistrictFactory(
        name="Kannauj", name_hi="कन्नौज", slug="kannauj", state__name="Uttar Pradesh"
    )


# --- Featured listings ----------------------------------------------------------------------


def test_featured_listings_come_first_in_the_curators_order(client, kannauj):
    for title in ["Attar A", "Attar B", "Attar C", "Attar D"]:
        ListingFactory(district=kannauj, title=title)
    by_title = {listing.title: listing for listing in Listing.objects.all()}
    district_services.feature_listing(district=kannauj, listing=by_title["Attar B"])
    district_services.feature_listing(district=kannauj, listing=by_title["Attar D"])
    district_services.move_featured_listing(
        district=kannauj, listing=by_title["Attar D"], offset=-1
    )

    response = client.get("/districts/kannauj/")

    # The others follow, newest first, as before.
    assert titles_in(response) == ["Attar D", "Attar B", "Attar C", "Attar A"]
    html = response.content.decode()
    assert html.index("Attar D") < html.index("Attar B") < html.index("Attar C")


def test_a_featured_listing_that_is_not_live_is_skipped_and_returns_in_place(client, kannauj):
    first = ListingFactory(district=kannauj, title="Rose attar")
    second = ListingFactory(district=kannauj, title="Mitti attar")
    ListingFactory(district=kannauj, title="Plain attar")
    for listing in (first, second):
        district_services.feature_listing(district=kannauj, listing=listing)
    Listing.objects.filter(pk=first.pk).update(status=Listing.Status.PAUSED)

    paused = client.get("/districts/kannauj/")
    Listing.objects.filter(pk=first.pk).update(status=Listing.Status.LIVE)
    live_again = client.get("/districts/kannauj/")

    assert titles_in(paused) == ["Mitti attar", "Plain attar"]
    assert titles_in(live_again) == ["Rose attar", "Mitti attar", "Plain attar"]


def test_only_a_live_listing_of_the_district_can_be_featured(kannauj):
    from districts.services import CannotFeature

    draft = ListingFactory(district=kannauj, status=Listing.Status.DRAFT)
    elsewhere = ListingFactory()

    for listing in (draft, elsewhere):
        with pytest.raises(CannotFeature):
            district_services.feature_listing(district=kannauj, listing=listing)

    assert FeaturedListing.objects.count() == 0


# --- District story -------------------------------------------------------------------------


def test_hindi_page_shows_the_hindi_story(client, kannauj):
    kannauj.story = "Kannauj has distilled attar for four centuries."
    kannauj.story_hi = "कन्नौज चार सदियों से इत्र बना रहा है।"
    kannauj.save()

    hindi = client.get("/hi/districts/kannauj/").content.decode()
    english = client.get("/districts/kannauj/").content.decode()

    assert '<div class="story-text"><p>कन्नौज चार सदियों से इत्र बना रहा है।</p></div>' in hindi
    assert "four centuries" not in hindi
    assert (
        '<div class="story-text"><p>Kannauj has distilled attar for four centuries.</p></div>'
        in english
    )
    assert "चार सदियों" not in english


def test_hindi_page_falls_back_to_the_english_story_marked_as_english(client, kannauj):
    kannauj.story = "Kannauj has distilled attar for four centuries."
    kannauj.save()

    html = client.get("/hi/districts/kannauj/").content.decode()

    assert (
        '<div class="story-text" lang="en"><p>Kannauj has distilled attar for four centuries.</p>'
        in html
    )


def test_hero_photo_is_served_responsively_once_renditions_exist(
    client, kannauj, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        district_services.replace_hero_photo(
            owner=kannauj, photo=photo((800, 400)), alt_text="Copper stills at dawn"
        )
    kannauj.refresh_from_db()
    hero = kannauj.hero_photo

    html = client.get("/districts/kannauj/").content.decode()

    assert sorted(hero.renditions["webp"]) == ["320", "640"]
    assert f'<source type="image/webp" srcset="{hero.webp_srcset}"' in html
    assert f'srcset="{hero.jpeg_srcset}"' in html
    assert 'alt="Copper stills at dawn" loading="eager"' in html
    assert "320w" in hero.jpeg_srcset
    assert "640w" in hero.jpeg_srcset


def test_replacing_the_hero_photo_deletes_the_old_one(kannauj):
    district_services.replace_hero_photo(owner=kannauj, photo=photo(), alt_text="Old")
    old_pk = kannauj.hero_photo.pk

    district_services.replace_hero_photo(owner=kannauj, photo=photo(), alt_text="New")

    from districts.models import StoryPhoto

    assert list(StoryPhoto.objects.values_list("alt_text", flat=True)) == ["New"]
    assert not StoryPhoto.objects.filter(pk=old_pk).exists()


# --- ODOP product story card ----------------------------------------------------------------


def test_product_page_shows_its_story_card_with_gi_facts(client, kannauj):
    product = OdopProductFactory(
        district=kannauj,
        name="Kannauj Perfume",
        sector="Handicraft",
        is_gi_tagged=True,
        story="Attar came to Kannauj with the Mughal court.",
        craft="Flowers are distilled in copper degs over wood fires.",
        community="Some 350 family distilleries.",
        gi_application_number="120",
        gi_source_name="GI Journal 33",
        gi_source_url="https://search.ipindia.gov.in/GIRPublic/",
    )

    html = client.get(product.get_absolute_url()).content.decode()

    assert '<h2 id="story-heading">The story of Kannauj Perfume, Kannauj</h2>' in html
    assert (
        '<h3>History</h3><div class="story-text"><p>Attar came to Kannauj with the Mughal court.'
        in html
    )
    assert "<h3>The craft</h3>" in html
    assert "<h3>The community</h3>" in html
    assert "<dt>GI application number</dt><dd>120</dd>" in html
    assert (
        '<a href="https://search.ipindia.gov.in/GIRPublic/" rel="noopener noreferrer">'
        "GI Journal 33</a>"
    ) in html


def test_product_story_card_in_hindi_falls_back_part_by_part(client, kannauj):
    product = OdopProductFactory(
        district=kannauj,
        sector="Agriculture",
        story="Grown here for centuries.",
        story_hi="यहाँ सदियों से उगाया जाता है।",
        craft="Picked by hand.",
    )

    html = client.get(f"/hi{product.get_absolute_url()}").content.decode()

    assert '<div class="story-text"><p>यहाँ सदियों से उगाया जाता है।</p></div>' in html
    assert '<div class="story-text" lang="en"><p>Picked by hand.</p></div>' in html
    assert "Grown here for centuries." not in html


def test_product_without_a_story_shows_the_plain_sentence_and_the_list_as_gi_source(
    client, kannauj
):
    product = OdopProductFactory(district=kannauj, name="Kannauj Perfume", is_gi_tagged=True)

    html = client.get(product.get_absolute_url()).content.decode()

    assert "Kannauj Perfume is the One District One Product of Kannauj, Uttar Pradesh." in html
    assert "<dd>The national ODOP list (DPIIT), GI status column</dd>" in html


# --- Producer stories -----------------------------------------------------------------------


def test_producer_story_shows_only_once_published(client, kannauj):
    seller = SellerFactory(district=kannauj, display_name="Rahim Attars")
    ListingFactory(seller=seller)
    story = seller_services.save_producer_story(
        seller=seller, text="My grandfather built our first deg.", has_consent=True
    )

    pending = client.get("/districts/kannauj/").content.decode()
    seller_services.publish_producer_story(story=story)
    published = client.get("/districts/kannauj/").content.decode()

    assert "My grandfather built our first deg." not in pending
    assert (
        '<blockquote lang="en"><p>My grandfather built our first deg.</p></blockquote>' in published
    )
    assert "<figcaption>— Rahim Attars</figcaption>" in published


def test_withdrawn_consent_hides_the_story_at_once(client, kannauj):
    seller = SellerFactory(district=kannauj)
    listing = ListingFactory(seller=seller)
    publish_story(seller, text="We press mitti attar in June.")

    seller_services.withdraw_producer_story_consent(seller=seller)

    story = ProducerStory.objects.get(seller=seller)
    assert (story.status, story.has_consent) == ("withdrawn", False)
    assert "We press mitti attar" not in client.get("/districts/kannauj/").content.decode()
    assert "We press mitti attar" not in client.get(listing.get_absolute_url()).content.decode()


def test_a_story_cannot_be_sent_or_published_without_consent(kannauj):
    from sellers.errors import ConsentRequired, TransitionNotAllowed

    seller = SellerFactory(district=kannauj)
    with pytest.raises(ConsentRequired):
        seller_services.save_producer_story(seller=seller, text="Hello", has_consent=False)
    assert not ProducerStory.objects.exists()

    story = seller_services.save_producer_story(seller=seller, text="Hello", has_consent=True)
    seller_services.withdraw_producer_story_consent(seller=seller)
    with pytest.raises(TransitionNotAllowed):
        seller_services.publish_producer_story(story=story)
    assert ProducerStory.objects.get().status == "withdrawn"


def test_published_story_shows_on_the_sellers_listing_page_only(client, kannauj):
    seller = SellerFactory(district=kannauj, display_name="Rahim Attars")
    own = ListingFactory(seller=seller)
    neighbour = ListingFactory(district=kannauj)
    publish_story(seller, text="Rose season is our busiest.", with_photo=True)

    own_html = client.get(own.get_absolute_url()).content.decode()
    neighbour_html = client.get(neighbour.get_absolute_url()).content.decode()

    assert "About the maker, Rahim Attars" in own_html
    assert "Rose season is our busiest." in own_html
    assert 'alt="Rahim Attars at work"' in own_html
    assert "Rose season is our busiest." not in neighbour_html


def test_stories_of_suspended_sellers_do_not_show(client, kannauj):
    seller = SellerFactory(district=kannauj)
    publish_story(seller, text="Suspended words.")
    seller.status = "suspended"
    seller.save()

    assert "Suspended words." not in client.get("/districts/kannauj/").content.decode()


def test_seller_writes_a_story_with_consent_and_a_photo(client, kannauj):
    seller = SellerFactory(district=kannauj)
    client.force_login(seller.user)

    refused = client.post("/seller/story/", {"text": "My words."})
    saved = client.post(
        "/seller/story/",
        {
            "text": "My words.",
            "has_consent": "on",
            "photo": SimpleUploadedFile("me.jpg", _jpeg((10, 20, 30), (400, 300))),
        },
    )

    assert refused.status_code == 400
    assert "Please tick the box to agree" in refused.content.decode()
    assert saved.status_code == 302
    story = ProducerStory.objects.get(seller=seller)
    assert (story.text, story.status, story.has_consent) == ("My words.", "pending", True)
    assert (story.photo.width, story.photo.height) == (400, 300)
    page = client.get("/seller/story/").content.decode()
    assert "Waiting for a curator" in page
    assert "Withdraw my consent, hide my story and delete its photo" in page


def test_seller_withdraws_consent_from_the_story_page_and_the_photo_goes(
    client, kannauj, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from districts.models import StoryPhoto

    seller = SellerFactory(district=kannauj)
    with django_capture_on_commit_callbacks(execute=True):
        publish_story(seller, with_photo=True)
    files = StoryPhoto.objects.get().rendition_files()
    client.force_login(seller.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/seller/story/withdraw/")

    assert response.status_code == 302
    story = ProducerStory.objects.get(seller=seller)
    assert (story.status, story.photo, story.text) == (
        "withdrawn",
        None,
        "I weave as my mother did.",
    )
    assert StoryPhoto.objects.count() == 0
    assert len(files) == 3  # the original, a WebP and a JPEG rendition
    assert [name for name in files if default_storage.exists(name)] == []


def test_editing_a_published_story_sends_it_back_to_the_curators(client, kannauj):
    seller = SellerFactory(district=kannauj)
    publish_story(seller, text="First words.")

    seller_services.save_producer_story(seller=seller, text="New words.", has_consent=True)

    html = client.get("/districts/kannauj/").content.decode()
    assert ProducerStory.objects.get(seller=seller).status == "pending"
    assert "First words." not in html
    assert "New words." not in html


# --- The empty district ---------------------------------------------------------------------


def test_empty_district_shows_the_same_products_from_its_state_and_the_sell_link(client, kannauj):
    state = kannauj.state
    perfumes = CategoryFactory(name="Perfumes")
    OdopProductFactory(district=kannauj, name="Perfume (Attar)", category=perfumes)
    same_name = OdopProductFactory(district__state=state, name="perfume (attar)")
    same_category = OdopProductFactory(district__state=state, name="Rose water", category=perfumes)
    ListingFactory(odop_product=same_category, title="Rose water of Hathras")
    ListingFactory(odop_product=same_name, title="Attar of Jaunpur")
    ListingFactory(odop_product=same_name, title="Hidden attar", status=Listing.Status.PAUSED)
    ListingFactory(district__state=state, title="Brassware of Moradabad")  # other product
    ListingFactory(odop_product__name="Perfume (Attar)", title="Attar of another state")

    response = client.get("/districts/kannauj/")

    html = response.content.decode()
    assert [listing.title for listing in response.context["nearby"]] == [
        "Attar of Jaunpur",
        "Rose water of Hathras",
    ]
    assert "The same products from elsewhere in Uttar Pradesh" in html
    assert "No verified seller of this district has a live listing yet." in html
    assert '<a class="button" href="/sell/?district=kannauj">Sell from Kannauj</a>' in html
    assert "Perfume (Attar)" in html  # its own ODOP products stay on the page


def test_empty_district_shows_at_most_eight_nearby_listings(client, kannauj):
    product = OdopProductFactory(district=kannauj, name="Attar")
    ListingFactory.create_batch(
        10, odop_product=OdopProductFactory(district__state=kannauj.state, name="Attar")
    )
    assert product.listings.count() == 0

    response = client.get("/districts/kannauj/")

    assert len(response.context["nearby"]) == 8


def test_district_with_listings_does_not_look_elsewhere(client, kannauj):
    product = OdopProductFactory(district=kannauj, name="Attar")
    ListingFactory(odop_product=product)
    ListingFactory(odop_product=OdopProductFactory(district__state=kannauj.state, name="Attar"))

    response = client.get("/districts/kannauj/")

    assert response.context["nearby"] == []
    assert "The same products from elsewhere" not in response.content.decode()


def test_sell_link_preselects_the_district_in_onboarding(client, kannauj, buyer):
    anonymous = client.get("/sell/?district=kannauj").content.decode()
    client.force_login(buyer)
    onboarding = client.get("/sell/onboarding/?district=kannauj")
    about = client.get(onboarding["Location"]).content.decode()

    assert "<h1>Sell from Kannauj to all of India</h1>" in anonymous
    assert "?next=/sell/onboarding/%3Fdistrict%3Dkannauj" in anonymous
    assert onboarding["Location"] == "/sell/onboarding/about/?district=kannauj"
    assert f'<option value="{kannauj.pk}" selected>' in about


def test_unknown_district_on_the_sell_page_is_ignored(client, db):
    response = client.get("/sell/?district=atlantis")

    assert response.status_code == 200
    assert "<h1>Sell your district's product to all of India</h1>" in response.content.decode()


# --- The page cache ------------------------------------------------------------------------


@pytest.mark.parametrize("change", ["feature", "reorder", "publish", "withdraw"])
def test_curated_changes_show_at_once_through_the_page_cache(
    settings, client, kannauj, change, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    settings.STOREFRONT_CACHE_SECONDS = 60
    cache.clear()
    seller = SellerFactory(district=kannauj, display_name="Rahim Attars")
    first = ListingFactory(seller=seller, title="Rose attar")
    second = ListingFactory(district=kannauj, title="Mitti attar")
    district_services.feature_listing(district=kannauj, listing=first)
    district_services.feature_listing(district=kannauj, listing=second)
    story = seller_services.save_producer_story(seller=seller, text="Our words.", has_consent=True)
    if change == "withdraw":
        seller_services.publish_producer_story(story=story)
    client.get("/districts/kannauj/")  # cached now

    with django_capture_on_commit_callbacks(execute=True):
        if change == "feature":
            district_services.unfeature_listing(district=kannauj, listing=first)
        elif change == "reorder":
            district_services.move_featured_listing(district=kannauj, listing=second, offset=-1)
        elif change == "publish":
            seller_services.publish_producer_story(story=story)
        else:
            seller_services.withdraw_producer_story_consent(seller=seller)
    response = client.get("/districts/kannauj/")

    cache.clear()
    assert response["X-Page-Cache"] == "miss"
    titles = titles_in(response)
    html = response.content.decode()
    expected = {
        "feature": (["Mitti attar", "Rose attar"], False),
        "reorder": (["Mitti attar", "Rose attar"], False),
        "publish": (["Rose attar", "Mitti attar"], True),
        "withdraw": (["Rose attar", "Mitti attar"], False),
    }[change]
    assert (titles, "Our words." in html) == expected


# --- Query counts ---------------------------------------------------------------------------


def test_storefront_with_stories_runs_a_fixed_number_of_queries(
    client, kannauj, django_assert_num_queries
):
    def grow(n):
        for _ in range(n):
            seller = SellerFactory(district=kannauj)
            listing = ListingFactory(seller=seller, photos=1)
            district_services.feature_listing(district=kannauj, listing=listing)
            publish_story(seller, with_photo=True)

    district_services.replace_hero_photo(owner=kannauj, photo=photo(), alt_text="Hero")
    grow(2)
    # district, ODOP products, count, listings, their photos, producer stories
    with django_assert_num_queries(6):
        client.get("/districts/kannauj/")
    grow(4)
    with django_assert_num_queries(6):
        client.get("/districts/kannauj/")
    with django_assert_num_queries(6):
        client.get("/hi/districts/kannauj/")


def test_empty_storefront_runs_a_fixed_number_of_queries(
    client, kannauj, django_assert_num_queries
):
    OdopProductFactory(district=kannauj, name="Attar")
    elsewhere = OdopProductFactory(district__state=kannauj.state, name="Attar")
    ListingFactory.create_batch(2, odop_product=elsewhere, photos=1)
    # district, ODOP products, count (no listings to read), stories, nearby, their photos
    with django_assert_num_queries(6):
        client.get("/districts/kannauj/")
    ListingFactory.create_batch(10, odop_product=elsewhere, photos=2)
    with django_assert_num_queries(6):
        client.get("/districts/kannauj/")


def test_product_and_listing_pages_with_stories_keep_their_query_counts(
    client, kannauj, django_assert_num_queries
):
    seller = SellerFactory(district=kannauj)
    listing = ListingFactory(seller=seller, photos=2)
    product = listing.odop_product
    ListingFactory(odop_product=product, photos=1)  # "more from the district" has photos
    product.story, product.craft = "History.", "Craft."
    product.save()
    district_services.replace_hero_photo(owner=product, photo=photo(), alt_text="Hero")
    publish_story(seller, with_photo=True)

    with django_assert_num_queries(4):
        client.get(product.get_absolute_url())
    with django_assert_num_queries(4):
        client.get(listing.get_absolute_url())
    ListingFactory.create_batch(5, odop_product=product, photos=1)
    with django_assert_num_queries(4):
        client.get(product.get_absolute_url())
    with django_assert_num_queries(4):
        client.get(listing.get_absolute_url())


def test_seller_story_page_runs_a_fixed_number_of_queries(
    client, kannauj, django_assert_num_queries, settings
):
    seller = SellerFactory(district=kannauj)
    publish_story(seller, with_photo=True)
    client.force_login(seller.user)
    # the session (from the cache with Redis), the user, the seller, the story with its photo
    expected = 4 if settings.SESSION_ENGINE.endswith(".db") else 3

    with django_assert_num_queries(expected):
        assert client.get("/seller/story/").status_code == 200
    for _ in range(3):
        publish_story(SellerFactory(district=kannauj), with_photo=True)
    with django_assert_num_queries(expected):
        assert client.get("/seller/story/").status_code == 200
