"""A stale listing edit form (or API read) never writes sold units back: stock changes relative
to what the seller saw, or is refused with the figure now."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from catalog import services
from catalog.errors import StockChanged
from catalog.models import Listing
from orders.services.stock import reserve_stock
from tests.factories import ListingFactory, UserFactory
from tests.orders.factories import place
from tests.race import run_before

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(client, seller):
    client.force_login(seller.user)
    return ListingFactory(seller=seller, stock=20, price=Decimal("450.00"), status="live")


def edit_url(listing):
    return reverse("sellers:listing-edit", kwargs={"pk": listing.pk})


def form_data(listing, **overrides):
    """What the edit page posts back when the seller changes nothing."""
    return {
        "title": listing.title,
        "description": listing.description,
        "odop_product": listing.odop_product_id,
        "category": listing.category_id,
        "price": str(listing.price),
        "mrp": str(listing.mrp),
        "stock": str(listing.stock),
        "shown_stock": str(listing.stock),
        "hsn_code": listing.hsn_code,
        "gst_rate": str(listing.gst_rate),
        "weight_grams": str(listing.weight_grams),
        "country_of_origin": listing.country_of_origin,
        "gi_authorised_user_number": listing.gi_authorised_user_number,
        **overrides,
    }


def sell(listing, quantity):
    place(buyer=UserFactory(), items=[(listing, quantity)])


def stock_of(listing):
    return Listing.objects.values_list("stock", flat=True).get(pk=listing.pk)


def test_edit_page_carries_the_stock_it_shows(client, listing):
    response = client.get(edit_url(listing))

    assert '<input type="hidden" name="shown_stock" value="20"' in response.text


def test_saving_a_stale_form_keeps_sales_when_stock_was_left_alone(client, listing):
    stale = form_data(listing, price="420.00")
    sell(listing, 2)

    response = client.post(edit_url(listing), stale)

    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.stock, listing.price) == (18, Decimal("420.00"))


def test_a_stock_change_on_a_stale_form_applies_relative_to_what_it_showed(client, listing):
    stale = form_data(listing, stock="25")  # the seller made 5 more
    sell(listing, 2)

    client.post(edit_url(listing), stale)

    assert stock_of(listing) == 23


def test_a_stock_cut_below_what_is_left_is_refused_with_the_figure_now(client, listing):
    stale = form_data(listing, stock="1", price="420.00")  # 19 fewer than shown
    sell(listing, 19)

    response = client.post(edit_url(listing), stale)

    assert response.status_code == 200
    assert "Stock changed since you opened this page: it is now 1." in response.text
    assert 'name="stock" value="1"' in response.text
    assert '<input type="hidden" name="shown_stock" value="1"' in response.text
    listing.refresh_from_db()
    assert (listing.stock, listing.price) == (1, Decimal("450.00"))  # nothing of the edit saved


def test_a_form_without_the_shown_stock_is_refused(client, listing):
    data = form_data(listing, stock="99")
    del data["shown_stock"]

    response = client.post(edit_url(listing), data)

    assert "This page is out of date. Please open it again and redo your change." in response.text
    assert stock_of(listing) == 20


# A sale at a chosen point inside the save (tests/race.py): before the row is read and locked,
# and between reading it and writing the edit. The same interleaving on SQLite and PostgreSQL.
SALE_POINTS = ["catalog.services.lifecycle.check_can_manage", "catalog.models.Listing.save"]


@pytest.mark.parametrize("point", SALE_POINTS)
@pytest.mark.parametrize(
    ("typed", "expected"), [(20, 17), (25, 22), (15, 12)], ids=["unchanged", "more", "fewer"]
)
def test_a_sale_during_the_save_is_never_undone(client, listing, point, typed, expected):
    with run_before(point, lambda *args, **kwargs: sell(listing, 3)) as hook:
        client.post(edit_url(listing), form_data(listing, stock=str(typed)))

    assert hook == [None]  # the sale ran, inside the save
    assert stock_of(listing) == expected


@pytest.mark.parametrize("point", SALE_POINTS)
def test_a_cut_that_a_sale_during_the_save_makes_impossible_is_refused(listing, seller, point):
    sale = run_before(point, lambda *args, **kwargs: sell(listing, 15))

    with sale, pytest.raises(StockChanged) as refused:
        services.update_listing(
            listing=listing, by=seller.user, data={"stock": 2, "price": 1}, shown_stock=20
        )

    # The hook's sale shares the edit's connection and transaction, so the refusal rolls it
    # back too; what matters is that the cut was refused with the figure after the sale.
    assert refused.value.stock == 5
    assert str(refused.value) == "Stock changed since you opened this page: it is now 5."


@pytest.mark.django_db(transaction=True)
def test_sales_and_a_stale_edit_at_once_keep_every_sale():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers anyway; the race needs PostgreSQL")
    listing = ListingFactory(stock=20, status="live")
    barrier = threading.Barrier(5)

    def buy() -> None:
        try:
            barrier.wait()
            reserve_stock(quantities={listing.pk: 1}, titles={})
        finally:
            connection.close()

    def edit() -> None:
        try:
            barrier.wait()
            services.update_listing(
                listing=listing, by=listing.seller.user, data={"stock": 25}, shown_stock=20
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=buy) for _ in range(4)] + [threading.Thread(target=edit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert stock_of(listing) == 21  # 20 + 5 made - 4 sold, whatever the order


# --- API ------------------------------------------------------------------------------------


def api_url(listing):
    return reverse("api:seller-listing-detail", kwargs={"pk": listing.pk})


def test_api_patch_without_stock_never_writes_it_back(client, listing):
    with run_before(
        "catalog.services.lifecycle.check_can_manage", lambda *a, **k: sell(listing, 2)
    ):
        response = client.patch(
            api_url(listing), {"price": "420.00"}, content_type="application/json"
        )

    assert response.status_code == 200
    assert response.json()["stock"] == 18
    assert stock_of(listing) == 18


def test_api_sets_stock_when_it_still_is_the_expected_figure(client, listing):
    response = client.patch(
        api_url(listing), {"stock": 30, "expected_stock": 20}, content_type="application/json"
    )

    assert response.status_code == 200
    assert (response.json()["stock"], stock_of(listing)) == (30, 30)


def test_api_refuses_a_stock_based_on_an_old_figure_with_409_and_the_figure_now(client, listing):
    sell(listing, 2)

    response = client.patch(
        api_url(listing),
        {"stock": 30, "expected_stock": 20, "price": "420.00"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "code": "stock_changed",
            "message": "Stock changed since you opened this page: it is now 18.",
            "details": {"stock": 18},
        }
    }
    listing.refresh_from_db()
    assert (listing.stock, listing.price) == (18, Decimal("450.00"))


def test_api_refuses_a_negative_expected_stock(client, listing):
    response = client.patch(
        api_url(listing), {"stock": 3, "expected_stock": -1}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "expected_stock" in response.json()["error"]["details"]
    assert stock_of(listing) == 20
