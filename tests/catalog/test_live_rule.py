"""One rule decides what buyers see and buy: a live listing of a verified seller.

Listing.objects.live() (and live_listing_q() across relations) is the rule; every page, count,
the API and the cart follow it. A curator suspends a seller: its live listings vanish from
every place at once and cannot be bought, with no change to the listings themselves.
"""

import pytest

from catalog.models import Listing
from catalog.querysets import live_listing_q
from districts.models import District
from orders.carts import DbCart
from orders.errors import ListingUnavailable
from orders.selectors import cart_summary
from orders.services import add_to_cart
from sellers.models import Seller
from tests.factories import (
    DistrictFactory,
    ListingFactory,
    OdopProductFactory,
    SellerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SHOWN, HIDDEN = "Rose attar of a verified seller", "Khus attar of a suspended seller"


@pytest.fixture
def listings():
    """Two live listings of one GI product and district; the second one's seller is suspended."""
    district = DistrictFactory(name="Kannauj", is_featured=True)
    product = OdopProductFactory(district=district, name="Kannauj Perfume", is_gi_tagged=True)
    made = {
        title: ListingFactory(
            title=title,
            odop_product=product,
            category=product.category,
            district=district,
            seller=SellerFactory(district=district),
        )
        for title in (SHOWN, HIDDEN)
    }
    return made[SHOWN], made[HIDDEN]


@pytest.fixture
def buyer_with_hidden_in_cart(listings):
    """A buyer put the listing in the cart while it was on sale; then its seller was suspended."""
    buyer = UserFactory()
    add_to_cart(cart=DbCart(buyer), listing_id=listings[1].pk)
    Seller.objects.filter(pk=listings[1].seller_id).update(status=Seller.Status.SUSPENDED)
    return buyer


def pages(shown: Listing) -> list[str]:
    """The pages that show listings (the state page shows counts: see below)."""
    district = shown.district
    return [
        "/",
        "/hi/",
        district.get_absolute_url(),
        "/search/?q=attar",
        shown.category.get_absolute_url(),
        shown.odop_product.get_absolute_url(),
        shown.get_absolute_url(),
    ]


@pytest.mark.usefixtures("buyer_with_hidden_in_cart")
def test_a_suspended_sellers_live_listing_is_on_no_page(client, listings):
    shown, hidden = listings

    for url in pages(shown):
        html = client.get(url).text
        assert (SHOWN in html, HIDDEN in html) == (True, False), url
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.usefixtures("buyer_with_hidden_in_cart")
def test_nor_in_the_api(client, listings):
    shown, hidden = listings

    rows = client.get("/api/v1/listings/").json()["results"]

    assert [row["title"] for row in rows] == [SHOWN]
    assert client.get(f"/api/v1/listings/{hidden.pk}/").status_code == 404


@pytest.mark.usefixtures("buyer_with_hidden_in_cart")
def test_nor_in_any_count(client, listings):
    shown, _ = listings

    home = client.get("/").context
    state = client.get(shown.district.state.get_absolute_url()).context

    assert [c.live_count for c in home["categories"] if c.pk == shown.category_id] == [1]
    assert [p.live_count for p in home["gi_products"]] == [1]
    assert [d.live_count for d in home["featured_districts"]] == [1]
    assert [d.live_count for d in state["districts"] if d.pk == shown.district_id] == [1]


def test_and_it_cannot_be_bought(listings, buyer_with_hidden_in_cart):
    shown, hidden = listings
    cart = DbCart(buyer_with_hidden_in_cart)

    with pytest.raises(ListingUnavailable):
        add_to_cart(cart=cart, listing_id=hidden.pk)
    add_to_cart(cart=cart, listing_id=shown.pk)
    available = {item.listing.title: item.is_available for item in cart_summary(cart=cart).items}

    assert available == {HIDDEN: False, SHOWN: True}


def test_reinstated_it_is_back_everywhere(client, listings, buyer_with_hidden_in_cart):
    shown, hidden = listings
    Seller.objects.filter(pk=hidden.seller_id).update(status=Seller.Status.VERIFIED)

    assert HIDDEN in client.get(shown.district.get_absolute_url()).text
    assert cart_summary(cart=DbCart(buyer_with_hidden_in_cart)).items[0].is_available


@pytest.mark.usefixtures("buyer_with_hidden_in_cart")
def test_the_rule_across_relations_is_the_rule_of_live(listings):
    shown, _ = listings

    assert list(Listing.objects.live()) == [shown]
    assert list(District.objects.filter(live_listing_q("listings__"))) == [shown.district]
    assert Listing.Status.LIVE == "live"
    assert Seller.Status.VERIFIED == "verified"  # the values live_listing_q() writes
