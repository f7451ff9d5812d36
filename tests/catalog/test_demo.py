"""seed_demo: deterministic, idempotent, resumable demo listings on a small set of districts."""

import hashlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from catalog.demo import HSN_BY_KEYWORD, SECTOR_PROFILES, hsn_code_for
from catalog.gst_rules import RateBook
from catalog.models import Listing, ListingImage, OdopProduct
from sellers.models import Seller
from tests.factories import CategoryFactory, DistrictFactory, OdopProductFactory


@pytest.fixture
def districts(db):
    """Three districts, each with two ODOP products (one GI-tagged) in real sectors."""
    handicraft = CategoryFactory(name="Handicrafts", sector="Handicraft")
    food = CategoryFactory(name="Food", sector="Food Processing")
    made = []
    for _ in range(3):
        district = DistrictFactory()
        OdopProductFactory(district=district, category=handicraft, is_gi_tagged=True)
        OdopProductFactory(district=district, category=food)
        made.append(district)
    return made


def seed(listings: int, seed: int = 7) -> str:
    out = StringIO()
    call_command("seed_demo", listings=listings, seed=seed, no_renditions=True, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Listing.objects.order_by("pk").values_list(
            "title", "price", "mrp", "stock", "district__lgd_code", "seller__display_name"
        )
    )


def delete_demo_data() -> None:
    Listing.objects.filter(is_demo=True).delete()
    user_ids = list(Seller.objects.filter(is_demo=True).values_list("user_id", flat=True))
    Seller.objects.filter(is_demo=True).delete()
    User.objects.filter(pk__in=user_ids).delete()


def test_same_seed_gives_the_same_listings(districts):
    seed(10)
    first = snapshot()
    delete_demo_data()

    seed(10)

    assert snapshot() == first
    assert len(first) == 10


def test_another_seed_gives_other_listings(districts):
    seed(10, seed=7)
    first = snapshot()
    delete_demo_data()

    seed(10, seed=8)

    assert snapshot() != first


def test_second_run_creates_nothing_and_says_so(districts):
    seed(8)
    before = snapshot()

    output = seed(8)

    assert output == "8 demo listings already exist: nothing to do.\n"
    assert snapshot() == before
    assert Seller.objects.count() == 2
    assert ListingImage.objects.count() == 8


def test_asking_for_more_continues_where_the_last_run_ended(districts):
    seed(12)
    in_one_go = snapshot()
    delete_demo_data()
    seed(5)

    output = seed(12)

    assert snapshot() == in_one_go
    assert "Created 7 demo listings and 1 demo seller in" in output
    assert "(12 in all)" in output
    assert Seller.objects.count() == 3


def test_demo_listings_are_live_marked_and_sold_by_verified_demo_sellers(districts):
    seed(8)

    listings = list(Listing.objects.select_related("seller", "odop_product"))
    assert len(listings) == 8
    assert {listing.status for listing in listings} == {Listing.Status.LIVE}
    assert {listing.is_demo for listing in listings} == {True}
    assert {listing.seller.status for listing in listings} == {Seller.Status.VERIFIED}
    assert {listing.seller.is_demo for listing in listings} == {True}
    assert Listing.objects.live().count() == 8


def test_demo_listing_district_agrees_with_seller_and_product(districts):
    seed(12)

    for listing in Listing.objects.select_related("seller", "odop_product"):
        assert listing.district_id == listing.seller.district_id == listing.odop_product.district_id
        assert listing.category_id == listing.odop_product.category_id
        assert listing.price <= listing.mrp


def test_each_demo_listing_has_its_own_photo(districts):
    seed(8)

    images = list(ListingImage.objects.all())
    digests = {hashlib.sha256(image.image.read()).hexdigest() for image in images}
    assert len(images) == 8
    assert len({image.listing_id for image in images}) == 8
    assert len(digests) == 8
    assert {(image.width, image.height) for image in images} == {(480, 360)}


def test_gi_claims_of_demo_listings_are_verified_only_for_gi_products(districts):
    seed(12)

    for listing in Listing.objects.select_related("odop_product"):
        assert listing.shows_gi_badge is listing.odop_product.is_gi_tagged


def test_seed_demo_needs_reference_data_first(db):
    with pytest.raises(CommandError, match="run `python manage.py load_reference_data` first"):
        seed(5)

    assert Listing.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "sector", "hsn"),
    [
        ("Kannauj Perfume", "Manufacturing", "3303"),
        ("Moradabad Metal Craft", "Manufacturing", "7418"),
        ("Banarasi Silk Products", "Handloom", "5007"),
        ("Handmade carpet of Bhadohi", "Handicraft", "5701"),
        ("Khurja Pottery", "Handicraft", "6913"),
        ("Channapatna Toys", "Handicraft", "9503"),
        ("Erode Turmeric", "Agriculture", "0910"),
        ("Darjeeling Tea", "Agriculture", "0902"),
        ("Darjeeling Honey", "Food Processing", "0409"),
        ("Leather Products", "Manufacturing", "4202"),
        ("Kolhapuri Chappals", "Manufacturing", "6403"),
        ("Madhubani Paintings", "Handicraft", "9701"),
        ("Bamboo Art", "Handicraft", "4602"),
        ("Lucknow Chikan Craft", "Textile", "6211"),
        ("Gold Jewellery", "Handicraft", "7113"),
        ("Sonachud Rice", "Handloom", "1006"),
    ],
)
def test_demo_products_get_their_own_hsn_code(name, sector, hsn):
    assert hsn_code_for(OdopProduct(name=name, sector=sector)) == hsn


def test_demo_listings_carry_the_rate_of_their_hsn_code(db):
    perfume = CategoryFactory(name="Manufactured goods", sector="Manufacturing")
    OdopProductFactory(name="Kannauj Perfume", category=perfume)

    seed(4)

    listings = list(Listing.objects.all())
    assert {(listing.hsn_code, listing.gst_rate) for listing in listings} == {
        ("3303", Decimal("18.00"))
    }


def test_every_keyword_code_and_sector_default_has_a_rule_today(db):
    book = RateBook.load()
    codes = {hsn for _pattern, hsn in HSN_BY_KEYWORD} | {
        profile[1] for profile in SECTOR_PROFILES.values()
    }

    assert [code for code in sorted(codes) if book.rule_for(code) is None] == []
