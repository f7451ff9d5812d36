"""seed_demo: a demo that looks like a shop, deterministic, idempotent, resumable."""

import csv
import hashlib
import io
from collections import Counter
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from accounts.models import User
from catalog.demo import catalogue, hsn_code_for, kind_for
from catalog.demo_shop import BUYER_EMAIL, CURATOR_EMAIL, DEFAULT_DEMO_PASSWORD
from catalog.gst_rules import RateBook
from catalog.models import Listing, ListingImage, OdopProduct
from districts.models import District
from orders.models import CreditNote, Order, Refund, ReturnRequest, Shipment
from sellers.models import Seller
from tests.factories import CategoryFactory, DistrictFactory, OdopProductFactory

ODOP_LIST = Path(django_settings.BASE_DIR) / "fixtures" / "odop_products.csv"


@pytest.fixture(autouse=True)
def _payments_and_mail(settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PAYMENT_GATEWAY = "orders.services.payments.FakeGateway"
    settings.FAKE_PAYMENTS_ALLOWED = True
    settings.DEBUG = True  # a development machine: demo log-ins work
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


@pytest.fixture
def districts(db):
    """Three districts with real ODOP product names: perfume, paintings (GI), turmeric, sarees."""
    made_goods = CategoryFactory(name="Manufactured goods", sector="Manufacturing")
    crafts = CategoryFactory(name="Handicrafts", sector="Handicraft")
    farm = CategoryFactory(name="Farm produce", sector="Agriculture")
    looms = CategoryFactory(name="Handloom", sector="Handloom")
    names = [
        [("Kannauj Perfume", made_goods, False)],
        [("Madhubani Paintings", crafts, True), ("Human Hair (washed)", made_goods, False)],
        [("Turmeric (Lakadong)", farm, False), ("Kancheepuram Silk", looms, True)],
    ]
    made = []
    for products in names:
        district = DistrictFactory()
        for name, category, gi in products:
            OdopProductFactory(district=district, name=name, category=category, is_gi_tagged=gi)
        made.append(district)
    return made


def seed(listings: int, seed: int = 7, *, orders: bool = False) -> str:
    out = StringIO()
    call_command(
        "seed_demo",
        listings=listings,
        seed=seed,
        no_renditions=True,
        no_orders=not orders,
        stdout=out,
    )
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
    District.objects.update(is_featured=False)


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
    seed(8, orders=True)
    before = snapshot()
    counts = (User.objects.count(), Order.objects.count(), Shipment.objects.count())

    output = seed(8, orders=True)

    assert output.startswith("8 demo listings already exist: nothing to do.\n")
    assert snapshot() == before
    assert Seller.objects.count() == 2
    assert ListingImage.objects.count() == 8
    assert (User.objects.count(), Order.objects.count(), Shipment.objects.count()) == counts


def test_asking_for_more_continues_where_the_last_run_ended(districts):
    seed(12)
    in_one_go = snapshot()
    delete_demo_data()
    seed(5)

    output = seed(12)

    assert snapshot() == in_one_go
    assert "Created 7 demo listings, 1 demo seller and 0 demo orders in" in output
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
    assert all("Demo listing" in listing.description for listing in listings)
    assert Listing.objects.live().count() == 8


def test_demo_listing_district_agrees_with_seller_and_product(districts):
    seed(12)

    for listing in Listing.objects.select_related("seller", "odop_product"):
        assert listing.district_id == listing.seller.district_id == listing.odop_product.district_id
        assert listing.category_id == listing.odop_product.category_id
        assert listing.price <= listing.mrp


def test_featured_districts_have_three_to_five_sellers_who_never_repeat_a_title(
    districts, monkeypatch
):
    monkeypatch.setattr("catalog.demo.FEATURED_DISTRICTS", 2)

    seed(60)

    featured = list(District.objects.filter(is_featured=True))
    assert len(featured) == 2
    per_district = Counter(Seller.objects.values_list("district_id", flat=True))
    assert all(3 <= per_district[d.pk] <= 5 for d in featured), per_district
    titles = list(Listing.objects.values_list("seller_id", "title"))
    assert len(titles) == len(set(titles))
    # The same product from several sellers is not one listing copied: titles and prices vary.
    attar = Listing.objects.filter(odop_product__name="Kannauj Perfume")
    assert attar.values("title").distinct().count() >= 8
    assert attar.values("price").distinct().count() >= 8


def test_titles_prices_and_gst_follow_the_product_kind(districts):
    seed(60)

    book = RateBook.load()
    listings = list(Listing.objects.select_related("odop_product"))
    for listing in listings:
        kind = kind_for(listing.odop_product.name)
        low, high = kind.price_band
        assert low <= listing.price <= high, (listing.title, listing.price)
        assert listing.hsn_code == kind.hsn
        assert listing.gst_rate == book.rate_for(kind.hsn, listing.price)
        assert listing.weight_grams > 0
    by_product = {listing.odop_product.name: listing for listing in listings}
    assert "Attar" in by_product["Kannauj Perfume"].title
    assert by_product["Kannauj Perfume"].gst_rate == Decimal("18.00")
    assert "Madhubani Painting" in by_product["Madhubani Paintings"].title
    assert "Silk Saree" in by_product["Kancheepuram Silk"].title
    # Not a shop product: no listing pretends to sell it.
    assert "Human Hair (washed)" not in by_product
    assert len({listing.stock for listing in listings}) > 10


def test_each_demo_listing_has_its_own_photo_file(districts):
    seed(8)

    images = list(ListingImage.objects.all())
    assert len(images) == 8
    assert len({image.listing_id for image in images}) == 8
    assert len({image.image.name for image in images}) == 8
    assert {(image.width, image.height) for image in images} == {(480, 360)}


def _pixels(image: ListingImage) -> Image.Image:
    return Image.open(io.BytesIO(image.image.read())).convert("RGB")


def test_photos_are_studio_shots_of_the_product_marked_demo(districts):
    seed(12)

    for image in ListingImage.objects.select_related("listing"):
        photo = _pixels(image)
        assert photo.size == (480, 360)
        wall, horizon, floor = (photo.getpixel((60, y)) for y in (30, 200, 350))
        # A backdrop that darkens towards the horizon and lightens towards the camera, not a
        # flat colour under a dark caption band.
        assert sum(wall) > sum(horizon) + 20
        assert sum(floor) > sum(horizon) + 20
        assert min(floor) > 120
        # Something stands in the middle that is not the backdrop.
        centre = photo.crop((200, 180, 280, 290)).resize((1, 1)).getpixel((0, 0))
        assert max(abs(a - b) for a, b in zip(centre, wall, strict=True)) > 25
        # The dark "DEMO" tag in the top right corner.
        assert sum(photo.getpixel((432, 28))) < 200
    shapes = {
        hashlib.sha256(_pixels(image).convert("1").tobytes()).hexdigest()
        for image in ListingImage.objects.all()
    }
    assert len(shapes) > 3


def _product_box(photo: Image.Image) -> tuple[int, int]:
    """Width and height of what differs from the backdrop (compared with the left edge, the
    backdrop being level), the DEMO tag left out."""
    grey = photo.convert("L")
    xs, ys = [], []
    for y in range(40, 340, 2):
        edge = grey.getpixel((4, y))
        for x in range(40, 440, 2):
            if abs(grey.getpixel((x, y)) - edge) > 30:
                xs.append(x)
                ys.append(y)
    return max(xs) - min(xs), max(ys) - min(ys)


def test_photos_differ_by_kind(districts):
    seed(60)

    def box(product: str) -> tuple[int, int]:
        image = ListingImage.objects.filter(listing__odop_product__name=product).first()
        return _product_box(_pixels(image))

    bottle_width, bottle_height = box("Kannauj Perfume")
    saree_width, saree_height = box("Kancheepuram Silk")
    assert bottle_height > 1.3 * bottle_width  # an attar bottle stands tall
    assert saree_width > 1.5 * saree_height  # folded cloth lies wide


def test_gi_claims_of_demo_listings_are_verified_only_for_gi_products(districts):
    seed(12)

    for listing in Listing.objects.select_related("odop_product"):
        assert listing.shows_gi_badge is listing.odop_product.is_gi_tagged


def test_seed_demo_needs_reference_data_first(db):
    with pytest.raises(CommandError, match="run `python manage.py load_reference_data` first"):
        seed(5)

    assert Listing.objects.count() == 0


def log_in(client, email: str, password: str) -> bool:
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})
    return response.status_code == 302


def test_sellers_curator_and_buyer_log_in_with_the_printed_password(districts, client):
    output = seed(8)

    assert f"Demo log-ins (password: {DEFAULT_DEMO_PASSWORD})" in output
    seller = Seller.objects.select_related("user").order_by("user__email").first()
    for email, page in (
        (seller.user.email, "/seller/"),
        (CURATOR_EMAIL, "/curate/"),
        (BUYER_EMAIL, "/orders/"),
    ):
        assert email in output
        assert log_in(client, email, DEFAULT_DEMO_PASSWORD), email
        assert client.get(page).status_code == 200, page
        client.logout()


def test_demo_password_comes_from_the_environment(districts, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "my-own-demo-pass")

    output = seed(4)

    assert "my-own-demo-pass" not in output
    assert "password: the password in DEMO_PASSWORD" in output
    assert log_in(client, BUYER_EMAIL, "my-own-demo-pass")
    client.logout()
    assert not log_in(client, BUYER_EMAIL, DEFAULT_DEMO_PASSWORD)


def test_with_debug_off_nobody_logs_in_as_a_demo_account(districts, client, settings):
    seed(4)
    settings.DEBUG = False

    output = seed(4)

    assert "DEBUG is off: nobody can log in as a demo account" in output
    assert not log_in(client, BUYER_EMAIL, DEFAULT_DEMO_PASSWORD)
    assert not User.objects.get(email=CURATOR_EMAIL).has_usable_password()


def test_demo_orders_cover_every_state_of_the_order_flow(
    districts, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the refund goes out after commit
        seed(12, orders=True)

    buyer = User.objects.get(email=BUYER_EMAIL)
    orders = Order.objects.filter(buyer=buyer)
    assert orders.count() == 9
    assert orders.filter(status=Order.Status.AWAITING_PAYMENT).count() == 1
    shipments = Shipment.objects.filter(order__buyer=buyer)
    paid_and_waiting = shipments.filter(
        status=Shipment.Status.PLACED, order__status=Order.Status.PLACED
    )
    assert paid_and_waiting.count() == 1
    assert set(shipments.values_list("status", flat=True)) == set(Shipment.Status.values)
    assert set(ReturnRequest.objects.values_list("status", flat=True)) == {
        ReturnRequest.Status.REQUESTED,
        ReturnRequest.Status.RECEIVED,
    }
    assert CreditNote.objects.count() == 1
    assert Refund.objects.filter(status=Refund.Status.PROCESSED).exists()
    # All from one demo seller, who sees them on the seller pages after logging in.
    seller_users = set(shipments.values_list("seller__user__email", flat=True))
    assert len(seller_users) == 1
    assert log_in(client, seller_users.pop(), DEFAULT_DEMO_PASSWORD)
    assert client.get("/seller/orders/").status_code == 200


@pytest.mark.parametrize(
    ("name", "hsn"),
    [
        ("Kannauj Perfume", "3303"),
        ("Moradabad Metal Craft", "7419"),
        ("Brass Utensils", "7418"),
        ("Banarasi Silk Products", "5007"),
        ("Handmade carpet of Bhadohi", "5701"),
        ("Warangal Durries", "5702"),
        ("Khurja Pottery", "6913"),
        ("Channapatna Toys", "9503"),
        ("Erode Turmeric", "0910"),
        ("Darjeeling Tea", "0902"),
        ("Darjeeling Honey", "0409"),
        ("Leather Products", "4202"),
        ("Kolhapuri Chappals", "6403"),
        ("Madhubani Paintings", "9701"),
        ("Bamboo Art", "4602"),
        ("Sikki Painting", "4602"),
        ("Lucknow Chikan Craft & Lucknow Zardozi", "6211"),
        ("Gold Jewellery", "7113"),
        ("Sonachud Rice", "1006"),
        ("Pashmina", "6214"),
        ("Zari Silk Sarees", "5007"),
        ("Handloom Products of Silk & Cotton", "5208"),
        ("Silk Carpet (Hand Knotted Carpet)", "5701"),
    ],
)
def test_demo_products_get_their_own_hsn_code(name, hsn):
    assert hsn_code_for(OdopProduct(name=name)) == hsn


@pytest.mark.parametrize(
    "name",
    [
        "Human Hair (washed)",
        "Tourism",
        "IT/ITES and R&D",
        "Cement",
        "Auto Components",
        "Cotton Yarn",
        "Pharmaceuticals",
        "Granite Slabs",
        "Wooden Furniture",
        "Ginger",  # no GST rule for fresh ginger (0910 11) in fixtures: no listing rather than a wrong one
    ],
)
def test_goods_a_shop_does_not_sell_get_no_demo_listings(name):
    assert kind_for(name) is None


def test_most_craft_and_textile_products_of_the_real_odop_list_have_a_kind():
    rows = list(csv.DictReader(ODOP_LIST.open(encoding="utf-8")))
    crafts = [r for r in rows if r["sector"] in {"Handicraft", "Handloom", "Textile"}]
    with_kind = [r for r in crafts if kind_for(r["product_name"])]

    assert len(with_kind) / len(crafts) > 0.85
    assert kind_for("Kannauj Perfume").name == "attar"


def test_every_kind_is_complete_and_its_hsn_code_has_a_rule_today(db):
    book = RateBook.load()
    for kind in catalogue():
        if kind.skip:
            continue
        assert book.rule_for(kind.hsn) is not None, kind.name
        assert len(kind.styles) * len(kind.variants) >= 6, kind.name  # 4 titles per seller
        assert all(0 < v.low < v.high for v in kind.variants), kind.name
        assert kind.palette, kind.name
        assert kind.about, kind.name
