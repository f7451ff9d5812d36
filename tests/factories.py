"""factory_boy factories: valid, consistent rows from the fewest arguments.

A listing's seller, district, ODOP product and category always agree: pass any one of
`district=`, `seller=`, `seller__district=` or `odop_product=` and the others follow it.
Created listings are indexed for search (catalog.services.refresh_search_index); a test that
changes a listing's searchable fields afterwards calls it again.
"""

import io
from decimal import Decimal
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from accounts.models import User
from catalog import services as catalog_services
from catalog.models import Category, Listing, ListingImage, OdopProduct
from districts.models import District, State
from sellers.models import Seller

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.django.Password(PASSWORD)


def _base36(n: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while True:
        n, digit = divmod(n, 36)
        text = digits[digit] + text
        if n == 0:
            return text


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State

    # Codes far above the official ones, so factories and loaded reference data never clash.
    lgd_code = factory.Sequence(lambda n: 9000 + n)
    # Three base-36 characters: 46,656 states before the 6-character column runs out (a whole
    # run of the suite makes more than 1,000).
    iso_code = factory.Sequence(lambda n: f"IN-{_base36(n % 36**3):0>3}")
    gst_code = factory.Sequence(lambda n: f"{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Test State {n}")
    name_hi = factory.Sequence(lambda n: f"परीक्षण राज्य {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = State.Kind.STATE
    uses_utgst = False


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    lgd_code = factory.Sequence(lambda n: 90000 + n)
    state = factory.SubFactory(StateFactory)
    name = factory.Sequence(lambda n: f"Test District {n}")
    name_hi = factory.Sequence(lambda n: f"परीक्षण ज़िला {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Test Category {n}")
    name_hi = factory.Sequence(lambda n: f"परीक्षण श्रेणी {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sector = factory.Sequence(lambda n: f"Test Sector {n}")


class OdopProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OdopProduct

    odop_id = factory.Sequence(lambda n: f"TEST{n:08d}")
    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Test Product {n}")
    slug = factory.LazyAttribute(lambda o: f"{slugify(o.name)}-{o.district.slug}")
    category = factory.SubFactory(CategoryFactory)
    sector = factory.SelfAttribute("category.sector")
    rank = OdopProduct.Rank.PRIMARY
    is_gi_tagged = False
    ministry = "Ministry of Textiles"


class SellerFactory(factory.django.DjangoModelFactory):
    """A verified seller; pass status=... (or a trait) for the other states."""

    class Meta:
        model = Seller

    class Params:
        unverified = factory.Trait(status=Seller.Status.SUBMITTED)
        suspended = factory.Trait(status=Seller.Status.SUSPENDED)

    user = factory.SubFactory(UserFactory)
    kind = Seller.Kind.ARTISAN
    display_name = factory.Sequence(lambda n: f"Test Seller {n} Crafts")
    district = factory.SubFactory(DistrictFactory)
    status = Seller.Status.VERIFIED
    address = factory.LazyAttribute(lambda o: f"12, Main Bazaar Road, {o.district.name}")
    pin_code = "282001"
    gstin = ""


def _jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class ListingFactory(factory.django.DjangoModelFactory):
    """A live listing of a verified seller, for an ODOP product of the seller's own district.

    `photos=N` adds N ListingImages. The `gi_verified` trait fills the GI authorised-user number
    and its verification time (the product must still be GI-tagged for the badge to show).
    """

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    class Params:
        gi_verified = factory.Trait(
            gi_authorised_user_number=factory.Sequence(lambda n: f"AU/GI/{n:05d}"),
            gi_verified_at=factory.LazyFunction(timezone.now),
        )
        draft = factory.Trait(status=Listing.Status.DRAFT)
        paused = factory.Trait(status=Listing.Status.PAUSED)

    district = factory.SubFactory(DistrictFactory)
    seller = factory.SubFactory(SellerFactory, district=factory.SelfAttribute("..district"))
    odop_product = factory.SubFactory(
        OdopProductFactory, district=factory.SelfAttribute("..district")
    )
    category = factory.SelfAttribute("odop_product.category")
    title = factory.Sequence(lambda n: f"Test Listing {n}")
    description = "Made by hand in the district."
    price = Decimal("499.00")
    mrp = factory.LazyAttribute(lambda o: o.price + 100)  # a little discount, whatever the price
    stock = 20
    status = Listing.Status.LIVE
    hsn_code = "4420"
    gst_rate = Decimal("5.00")

    @classmethod
    def _generate(cls, strategy: Any, params: dict[str, Any]) -> Listing:
        # Make the district follow whichever related row the caller chose, so that
        # seller, district and ODOP product agree (as they must in the real catalogue).
        if "district" not in params:
            if "seller" in params:
                params["district"] = params["seller"].district
            elif "odop_product" in params:
                params["district"] = params["odop_product"].district
            elif "seller__district" in params:
                params["district"] = params["seller__district"]
            elif "odop_product__district" in params:
                params["district"] = params["odop_product__district"]
        return super()._generate(strategy, params)

    @factory.post_generation
    def photos(self, create: bool, extracted: int | None, **kwargs: Any) -> None:
        if create and extracted:
            for position in range(extracted):
                ListingImageFactory(listing=self, position=position)

    @factory.post_generation
    def indexed(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create and extracted is not False:
            catalog_services.refresh_search_index(listing_ids=[self.pk])


class ListingImageFactory(factory.django.DjangoModelFactory):
    """A small real JPEG, a different colour for every photo."""

    class Meta:
        model = ListingImage

    listing = factory.SubFactory(ListingFactory)
    image = factory.Sequence(
        lambda n: ContentFile(
            _jpeg(((n * 37) % 256, (n * 91) % 256, (n * 53) % 256)), name=f"photo-{n}.jpg"
        )
    )
    alt_text = factory.SelfAttribute("listing.title")
    position = 0
