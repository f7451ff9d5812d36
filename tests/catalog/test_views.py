"""ODOP product, category and listing pages."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import Listing
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ListingFactory,
    ListingImageFactory,
    OdopProductFactory,
)


def titles_in(response) -> list[str]:
    return [listing.title for listing in response.context["page"].object_list]


# --- /products/<slug>/ --------------------------------------------------------------------


def test_product_page_shows_the_product_its_district_and_only_its_live_listings(client, db):
    product = OdopProductFactory(
        name="Kannauj Perfume",
        slug="kannauj-perfume",
        is_gi_tagged=True,
        district__name="Kannauj",
        category__name="Perfumes",
        ministry="MSME",
    )
    ListingFactory(odop_product=product, title="Rose attar", price=Decimal("900.00"))
    ListingFactory(odop_product=product, title="Vetiver attar", price=Decimal("450.00"))
    ListingFactory(odop_product=product, title="Draft attar", status=Listing.Status.DRAFT)
    ListingFactory(odop_product=product, title="Suspended attar", seller__status="suspended")
    ListingFactory(title="Another product")

    response = client.get("/products/kannauj-perfume/")

    assert response.status_code == 200
    assert titles_in(response) == ["Vetiver attar", "Rose attar"]
    html = response.content.decode()
    assert "<h1>Kannauj Perfume</h1>" in html
    assert '<a href="/districts/kannauj/">Kannauj</a>' in html
    assert '<dd><span class="badge badge-gi">GI-tagged</span></dd>' in html
    assert "<dd>MSME</dd>" in html
    for hidden in ("Draft attar", "Suspended attar", "Another product"):
        assert hidden not in html


def test_product_page_of_a_product_without_gi_tag_says_so(client, db):
    OdopProductFactory(slug="potato", is_gi_tagged=False)

    response = client.get("/products/potato/")

    html = response.content.decode()
    assert "<dd>Not GI-tagged</dd>" in html
    assert "Nobody sells this product here yet." in html


# --- /categories/<slug>/ ------------------------------------------------------------------


def test_category_page_shows_live_listings_of_the_category_newest_first(client, db):
    handloom = CategoryFactory(name="Handloom", slug="handloom")
    older = ListingFactory(odop_product__category=handloom, title="Older saree")
    newer = ListingFactory(odop_product__category=handloom, title="Newer saree")
    Listing.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=3)
    )
    ListingFactory(odop_product__category=handloom, title="Paused saree", status="paused")
    ListingFactory(title="Brass lamp")

    response = client.get("/categories/handloom/")

    assert response.status_code == 200
    assert titles_in(response) == [newer.title, older.title]
    html = response.content.decode()
    assert "<h1>Handloom</h1>" in html
    assert 'href="/search/?category=handloom"' in html
    assert "Paused saree" not in html
    assert "Brass lamp" not in html


def test_hindi_category_page_shows_the_hindi_name(client, db):
    CategoryFactory(name="Handloom", name_hi="हथकरघा", slug="handloom")

    response = client.get("/hi/categories/handloom/")

    assert "<h1>हथकरघा</h1>" in response.content.decode()


# --- /listings/<id>-<slug>/ ---------------------------------------------------------------


@pytest.fixture
def shawl(db):
    return ListingFactory(
        title="Pashmina shawl, hand-woven",
        price=Decimal("123456.00"),
        mrp=Decimal("150000.00"),
        stock=40,
        seller__display_name="Leh Pashmina Weavers",
        seller__gstin="38AAAAA0000A1Z5",
        district=DistrictFactory(name="Leh", slug="leh", state__name="Ladakh"),
        odop_product__name="Pashmina",
        odop_product__slug="pashmina-leh",
        odop_product__is_gi_tagged=True,
        gi_verified=True,
        gi_authorised_user_number="AU/GI/46/0007",
    )


def test_listing_page_shows_price_with_indian_grouping_mrp_and_discount(client, shawl):
    response = client.get(shawl.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Pashmina shawl, hand-woven</h1>" in html
    assert '<span class="price price-large">₹1,23,456.00</span>' in html
    assert '<s>₹1,50,000.00</s> · <span class="discount">17% off</span>' in html
    assert "Price includes GST at 5%." in html


def test_listing_page_shows_seller_district_and_product(client, shawl):
    response = client.get(shawl.get_absolute_url())

    html = response.content.decode()
    assert "<dd>Leh Pashmina Weavers (Individual artisan)</dd>" in html
    assert "Registered, GSTIN 38AAAAA0000A1Z5" in html
    assert '<dd><a href="/districts/leh/">Leh</a>, Ladakh</dd>' in html
    assert '<dd><a href="/products/pashmina-leh/">Pashmina</a></dd>' in html
    assert "<dd>India</dd>" in html


def test_listing_page_shows_gi_badge_when_product_is_gi_and_claim_verified(client, shawl):
    response = client.get(shawl.get_absolute_url())

    assert (
        '<p><span class="badge badge-gi">GI-tagged</span> Registered authorised user AU/GI/46/0007</p>'
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("is_gi_tagged", "verified"),
    [(True, False), (False, True), (False, False)],
    ids=["gi-product-unverified-claim", "verified-claim-non-gi-product", "neither"],
)
def test_listing_page_hides_gi_badge_unless_both_hold(client, db, is_gi_tagged, verified):
    listing = ListingFactory(
        odop_product__is_gi_tagged=is_gi_tagged,
        gi_authorised_user_number="AU/GI/1",
        gi_verified_at=timezone.now() if verified else None,
    )

    response = client.get(listing.get_absolute_url())

    html = response.content.decode()
    assert 'class="badge badge-gi"' not in html
    assert "Registered authorised user" not in html


@pytest.mark.parametrize(
    ("stock", "shown"),
    [
        (0, '<span class="badge badge-out">Out of stock</span>'),
        (3, '<span class="badge badge-low">Only 3 left</span>'),
        (6, '<span class="stock">In stock</span>'),
    ],
)
def test_listing_page_shows_stock_state(client, db, stock, shown):
    listing = ListingFactory(stock=stock)

    response = client.get(listing.get_absolute_url())

    assert shown in response.content.decode()


def test_listing_without_discount_shows_no_mrp_line(client, db):
    listing = ListingFactory(price=Decimal("500.00"), mrp=Decimal("500.00"))

    response = client.get(listing.get_absolute_url())

    html = response.content.decode()
    assert "₹500.00" in html
    assert 'class="mrp-line"' not in html


def test_listing_page_shows_photos_lazily_after_the_first(client, db):
    listing = ListingFactory()
    first = ListingImageFactory(listing=listing, position=0, alt_text="Front")
    second = ListingImageFactory(listing=listing, position=1, alt_text="Back")

    response = client.get(listing.get_absolute_url())

    imgs = re.findall(r"<img [^>]*>", response.content.decode())
    front = next(img for img in imgs if 'alt="Front"' in img)
    back = next(img for img in imgs if 'alt="Back"' in img)
    assert f'src="{first.image.url}"' in front
    assert 'width="40" height="30"' in front
    assert 'loading="eager" fetchpriority="high"' in front
    assert f'src="{second.image.url}"' in back
    assert 'width="40" height="30"' in back
    assert 'loading="lazy"' in back
    assert "fetchpriority" not in back


def test_listing_page_shows_more_from_the_same_district(client, db):
    listing = ListingFactory()
    ListingFactory(district=listing.district, title="Neighbour's shawl")
    ListingFactory(title="Far away shawl")

    response = client.get(listing.get_absolute_url())

    assert [other.title for other in response.context["more_from_district"]] == [
        "Neighbour's shawl"
    ]


def test_listing_url_with_a_wrong_slug_redirects_permanently(client, shawl):
    response = client.get(f"/listings/{shawl.pk}-old-title/")

    assert response.status_code == 301
    assert response["Location"] == f"/listings/{shawl.pk}-pashmina-shawl-hand-woven/"


def test_hindi_listing_url_with_a_wrong_slug_redirects_to_the_hindi_page(client, shawl):
    response = client.get(f"/hi/listings/{shawl.pk}-old-title/")

    assert response.status_code == 301
    assert response["Location"] == f"/hi/listings/{shawl.pk}-pashmina-shawl-hand-woven/"


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Listing.Status.DRAFT},
        {"status": Listing.Status.PAUSED},
        {"status": Listing.Status.REJECTED},
        {"seller__status": "suspended"},
        {"seller__status": "submitted"},
    ],
    ids=["draft", "paused", "rejected", "suspended-seller", "unverified-seller"],
)
def test_listing_that_buyers_may_not_see_gives_404(client, db, hidden):
    listing = ListingFactory(**hidden)

    response = client.get(listing.get_absolute_url())

    assert response.status_code == 404
    assert "<h1>We could not find that page</h1>" in response.content.decode()


def test_hindi_listing_page_shows_hindi_place_names(client, db):
    listing = ListingFactory(
        district=DistrictFactory(
            name="Leh", name_hi="लेह", slug="leh", state__name="Ladakh", state__name_hi="लद्दाख"
        )
    )

    response = client.get(f"/hi{listing.get_absolute_url()}")

    assert response.status_code == 200
    assert '<dd><a href="/hi/districts/leh/">लेह</a>, लद्दाख</dd>' in response.content.decode()


def test_listing_page_serves_renditions_with_srcset_once_they_exist(client, db):
    listing = ListingFactory(title="Brass lamp")
    image = ListingImageFactory(listing=listing)
    services.build_renditions(image_id=image.pk)
    image.refresh_from_db()
    stem = image.image.name.rsplit(".", 1)[0]

    response = client.get(listing.get_absolute_url())

    html = response.content.decode()
    assert f'<source type="image/webp" srcset="/media/{stem}-320.webp 320w"' in html
    assert f'<img src="/media/{stem}-320.jpg" srcset="/media/{stem}-320.jpg 320w"' in html
    assert 'alt="Brass lamp" loading="eager"' in html


def test_listing_card_without_photo_shows_the_placeholder(client, db):
    listing = ListingFactory(title="Brass lamp")

    response = client.get(f"/districts/{listing.district.slug}/")

    assert '<img src="/static/img/placeholder.svg" width="320" height="240" alt=""' in (
        response.content.decode()
    )


def test_listing_of_an_unregistered_seller_says_no_gst_and_where_it_delivers(client, db):
    listing = ListingFactory(
        title="Terracotta horse",
        seller__gstin="",
        district=DistrictFactory(name="Gorakhpur", state__name="Uttar Pradesh"),
    )
    ListingFactory(title="Terracotta lamp", seller=listing.seller)  # shown as a card below

    html = client.get(listing.get_absolute_url()).content.decode()

    buy_box = html.split('<div class="buy-box">')[1].split("</dl>")[0]
    assert (
        '<p class="small seller-terms">No GST charged (seller not registered). '
        "Delivers only within Uttar Pradesh.</p>"
    ) in buy_box
    assert "Price includes GST" not in html
    assert "Delivery in 5 to 10 days within Uttar Pradesh." in html
    card = html.split('<h3 class="card-title">Terracotta lamp</h3>')[1].split("</article>")[0]
    assert "No GST charged (seller not registered) · Delivers only within Uttar Pradesh" in card


def test_cards_of_registered_sellers_carry_no_such_notice(client, shawl):
    ListingFactory(district=shawl.district, seller=shawl.seller, title="Pashmina stole")

    html = client.get(shawl.district.get_absolute_url()).content.decode()

    assert "Pashmina stole" in html
    assert "No GST charged" not in html
    assert "Delivers only within" not in html
