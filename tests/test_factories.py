from PIL import Image

from catalog.models import Listing
from tests.factories import (
    DistrictFactory,
    ListingFactory,
    ListingImageFactory,
    OdopProductFactory,
    SellerFactory,
)


def test_listing_is_live_and_its_seller_product_and_category_agree(db):
    listing = ListingFactory()

    assert listing.status == Listing.Status.LIVE
    assert listing.seller.status == "verified"
    assert listing.district == listing.seller.district == listing.odop_product.district
    assert listing.category == listing.odop_product.category
    assert Listing.objects.live().get() == listing


def test_listing_follows_the_district_of_whichever_related_row_is_given(db):
    district = DistrictFactory()
    seller = SellerFactory()
    product = OdopProductFactory()

    by_district = ListingFactory(district=district)
    by_seller_district = ListingFactory(seller__district=district)
    by_seller = ListingFactory(seller=seller)
    by_product = ListingFactory(odop_product=product)

    assert by_district.seller.district == by_district.odop_product.district == district
    assert by_seller_district.district == by_seller_district.odop_product.district == district
    assert by_seller.district == by_seller.odop_product.district == seller.district
    assert by_product.district == by_product.seller.district == product.district


def test_listing_batch_shares_a_district_but_not_sellers(db):
    district = DistrictFactory()

    listings = ListingFactory.create_batch(3, seller__district=district)

    assert {listing.district for listing in listings} == {district}
    assert len({listing.seller_id for listing in listings}) == 3


def test_listing_is_indexed_for_search(db):
    listing = ListingFactory(title="Rose attar")

    listing.refresh_from_db()
    assert listing.search_document.startswith("Rose attar ")
    assert listing.district.name in listing.search_document


def test_listing_image_is_a_real_jpeg(db):
    image = ListingImageFactory()

    with Image.open(image.image.path) as photo:
        assert photo.format == "JPEG"
        assert photo.size == (40, 30)
    assert (image.width, image.height) == (40, 30)


def test_photos_argument_adds_distinct_photos(db):
    listing = ListingFactory(photos=2)

    images = list(listing.images.all())
    assert [image.position for image in images] == [0, 1]
    assert images[0].image.read() != images[1].image.read()


def test_role_fixtures(buyer, seller, other_seller, curator):
    assert not hasattr(buyer, "seller")
    assert seller.status == "verified"
    assert seller.district != other_seller.district
    assert curator.is_staff
    assert list(curator.groups.values_list("name", flat=True)) == ["Curators"]
    assert buyer.check_password("correct horse battery staple")
