"""/curate/dashboard/: every figure on a small shop whose sums are worked by hand.

The shop, in India time (now = 15 March 2026, 12:00):
  districts A and B in state One, C in state Two, D (in state Two) sells nothing;
  listings: la ₹100 (seller A), lb ₹200 (seller B), lc ₹50 (seller C).
  February  O6  lb×2 = 400, delivered.
  March     O2  la×3 = 300, delivered, 1 unit returned and received (credit note 100),
                another unit asked back on the 9th (awaiting the seller's decision);
            O4  lc×1 = 50, dispatched 51 hours after it was placed (late), not delivered;
            O3  lc×4 = 200, cancelled by the buyer;
            O1  la×2 = 200 delivered (seller A) + lb×1 = 200 still placed (seller B), placed on
                the 12th at 09:00, so 75 hours without dispatch by now;
            O5  lb×1 online, awaiting payment: counts nowhere.
March by district: A 400 (delivered 200 + 300 - 100), B 200 (open), C 50 (open), D 0.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from curation import sales
from curation.models import (
    DistrictMonthSales,
    MonthSales,
    OdopProductMonthSales,
    SellerMonthStats,
    StateMonthSales,
)
from orders.models import Order, Shipment
from orders.services import buyer_cancel, returns, seller_move
from tests.factories import (
    DistrictFactory,
    ListingFactory,
    OdopProductFactory,
    SellerFactory,
    StateFactory,
    UserFactory,
)
from tests.orders.factories import place

pytestmark = pytest.mark.django_db
S = Shipment.Status
IST = ZoneInfo("Asia/Kolkata")
URL = "/curate/dashboard/"
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=IST)
MARCH, FEBRUARY = date(2026, 3, 1), date(2026, 2, 1)


def at(month, day, hour=10):
    return time_machine.travel(datetime(2026, month, day, hour, 0, tzinfo=IST), tick=False)


def move(shipment, *steps):
    user = shipment.seller.user
    for to in steps:
        extra = {"courier": "DTDC", "tracking_number": "D1"} if to == S.DISPATCHED else {}
        seller_move(shipment=shipment, to=to, by=user, **extra)


def shipment_of(order, listing):
    return order.shipments.get(seller=listing.seller)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PAYMENT_GATEWAY = "orders.services.payments.FakeGateway"
    settings.FAKE_PAYMENTS_ALLOWED = True
    settings.SLOW_DISPATCH_HOURS = 48


@pytest.fixture
def shop(db):
    one = StateFactory(name="State One")
    two = StateFactory(name="State Two")
    a = DistrictFactory(state=one, name="Agra Test")
    b = DistrictFactory(state=one, name="Bareilly Test")
    c = DistrictFactory(state=two, name="Cuttack Test")
    d = DistrictFactory(state=two, name="Dhenkanal Test")
    OdopProductFactory(district=d, name="Dhokra")  # an ODOP product with no listing
    la = ListingFactory(
        seller=SellerFactory(district=a, display_name="Seller A"), price=Decimal("100.00")
    )
    lb = ListingFactory(
        seller=SellerFactory(district=b, display_name="Seller B"), price=Decimal("200.00")
    )
    lc = ListingFactory(
        seller=SellerFactory(district=c, display_name="Seller C"), price=Decimal("50.00")
    )
    buyer = UserFactory()

    with at(2, 10):
        o6 = place(buyer=buyer, items=[(lb, 2)])
    with at(2, 12):
        move(o6.shipments.get(), S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED)

    with at(3, 2):
        o2 = place(buyer=buyer, items=[(la, 3)])
    with at(3, 3):
        move(o2.shipments.get(), S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED)
    line = o2.shipments.get().lines.get()
    with at(3, 4):
        back = returns.request_return(
            line=line, buyer=buyer, quantity=1, reason="damaged", refund_to="bina@okaxis"
        )
    with at(3, 5):
        seller_a = la.seller.user
        returns.accept_return(return_request=back, by=seller_a)
        returns.book_pickup(return_request=back, by=seller_a, courier="DTDC", tracking_number="R1")
        returns.receive_return(return_request=back, by=seller_a, resaleable=True)
    with at(3, 9, 9):
        returns.request_return(
            line=line, buyer=buyer, quantity=1, reason="quality", refund_to="bina@okaxis"
        )

    with at(3, 10):
        o4 = place(buyer=buyer, items=[(lc, 1)])
        move(o4.shipments.get(), S.ACCEPTED, S.PACKED)
    with at(3, 12, 13):  # 51 hours after it was placed
        move(o4.shipments.get(), S.DISPATCHED)

    with at(3, 11):
        o3 = place(buyer=buyer, items=[(lc, 4)])
        buyer_cancel(shipment=o3.shipments.get(), by=buyer, reason="changed my mind")

    with at(3, 12, 9):
        o1 = place(buyer=buyer, items=[(la, 2), (lb, 1)])
    with at(3, 12, 10):
        move(shipment_of(o1, la), S.ACCEPTED, S.PACKED, S.DISPATCHED)
    with at(3, 13):
        move(shipment_of(o1, la), S.DELIVERED)

    with at(3, 15, 11):
        o5 = place(buyer=buyer, items=[(lb, 1)], payment_method=Order.PaymentMethod.ONLINE)
    assert o5.status == Order.Status.AWAITING_PAYMENT

    with time_machine.travel(NOW, tick=False):
        sales.refresh_recent()
    return SimpleNamespace(
        one=one, two=two, a=a, b=b, c=c, d=d, la=la, lb=lb, lc=lc, buyer=buyer, orders=[o1, o2]
    )


def figures(row, *fields):
    return tuple(getattr(row, f) for f in fields)


MONEY = ("open_value", "delivered_value", "returned_value")
COUNTS = ("orders_count", "shipments_count", "cancelled_count", "delivered_count")
UNITS = ("units", "delivered_units", "returned_units", "dispatched_count", "late_dispatch_count")


def test_district_aggregates_follow_the_definitions(shop):
    march = {r.district_id: r for r in DistrictMonthSales.objects.filter(month=MARCH)}

    assert set(march) == {shop.a.pk, shop.b.pk, shop.c.pk}
    a, b, c = march[shop.a.pk], march[shop.b.pk], march[shop.c.pk]
    assert figures(a, *MONEY) == (Decimal("0.00"), Decimal("400.00"), Decimal("100.00"))
    assert figures(a, *COUNTS) == (2, 2, 0, 2)
    assert figures(a, *UNITS) == (4, 5, 1, 2, 0)
    assert a.sales_value == Decimal("400.00")
    assert figures(b, *MONEY) == (Decimal("200.00"), Decimal("0.00"), Decimal("0.00"))
    assert figures(b, *COUNTS) == (1, 1, 0, 0)
    assert figures(b, *UNITS) == (1, 0, 0, 0, 0)
    assert figures(c, *MONEY) == (Decimal("50.00"), Decimal("0.00"), Decimal("0.00"))
    assert figures(c, *COUNTS) == (2, 2, 1, 0)
    assert figures(c, *UNITS) == (1, 0, 0, 1, 1)
    february = DistrictMonthSales.objects.get(month=FEBRUARY)
    assert (february.district_id, february.delivered_value, february.units) == (
        shop.b.pk,
        Decimal("400.00"),
        2,
    )


def test_an_order_from_two_districts_counts_once_in_their_state_and_the_nation(shop):
    one = StateMonthSales.objects.get(state=shop.one, month=MARCH)
    two = StateMonthSales.objects.get(state=shop.two, month=MARCH)
    nation = MonthSales.objects.get(month=MARCH)

    assert (one.orders_count, one.shipments_count, one.sales_value) == (2, 3, Decimal("600.00"))
    assert (two.orders_count, two.cancelled_count, two.sales_value) == (2, 1, Decimal("50.00"))
    # O1, O2, O3 and O4; O5 awaits payment
    assert (nation.orders_count, nation.shipments_count) == (4, 5)
    assert figures(nation, *MONEY) == (Decimal("250.00"), Decimal("400.00"), Decimal("100.00"))
    assert MonthSales.objects.get(month=FEBRUARY).sales_value == Decimal("400.00")


def test_seller_and_product_aggregates(shop):
    stats = {s.seller_id: s for s in SellerMonthStats.objects.filter(month=MARCH)}
    products = {p.odop_product_id: p for p in OdopProductMonthSales.objects.filter(month=MARCH)}

    seller_a, seller_c = stats[shop.la.seller_id], stats[shop.lc.seller_id]
    assert figures(seller_a, "orders_count", "delivered_units", "returned_units") == (2, 5, 1)
    assert figures(seller_c, "shipments_count", "cancelled_count", "late_dispatch_count") == (
        2,
        1,
        1,
    )
    pa = products[shop.la.odop_product_id]
    assert figures(pa, "units", "returned_units", *MONEY) == (
        4,
        1,
        Decimal("0.00"),
        Decimal("400.00"),
        Decimal("100.00"),
    )
    assert products[shop.lc.odop_product_id].open_value == Decimal("50.00")
    assert len(products) == 3


def every_row():
    return [
        list(model.objects.order_by("month", "pk").values_list(*fields))
        for model, fields in (
            (MonthSales, ("month", *COUNTS, *UNITS, *MONEY)),
            (StateMonthSales, ("state", "month", *COUNTS, *UNITS, *MONEY)),
            (DistrictMonthSales, ("district", "month", *COUNTS, *UNITS, *MONEY)),
            (SellerMonthStats, ("seller", "month", *COUNTS, *UNITS, *MONEY)),
            (OdopProductMonthSales, ("odop_product", "month", "units", *MONEY)),
        )
    ]


def test_refreshing_again_or_rebuilding_changes_nothing(shop):
    before = every_row()

    with time_machine.travel(NOW, tick=False):
        sales.refresh_recent()
        assert every_row() == before
        sales.refresh_all()
    assert every_row() == before


def test_a_late_event_on_an_old_month_is_picked_up(shop):
    """A December order delivered in March: the refresh finds December through the event."""
    with time_machine.travel(datetime(2025, 12, 20, 10, tzinfo=IST), tick=False):
        old = place(buyer=shop.buyer, items=[(shop.lc, 2)])
    with time_machine.travel(NOW, tick=False):
        sales.refresh_all()
        move(old.shipments.get(), S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED)
        assert sales.refresh_recent() == [date(2025, 12, 1), FEBRUARY, MARCH]
    december = DistrictMonthSales.objects.get(month=date(2025, 12, 1))
    assert (december.open_value, december.delivered_value) == (Decimal("0.00"), Decimal("100.00"))


def test_the_task_is_on_the_beat_schedule_and_refreshes(shop, settings):
    from curation.tasks import refresh_dashboard

    entry = settings.CELERY_BEAT_SCHEDULE["refresh-dashboard"]
    assert entry == {"task": "curation.tasks.refresh_dashboard", "schedule": 600.0}
    MonthSales.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        assert refresh_dashboard.delay().get() == 2
    assert MonthSales.objects.get(month=MARCH).orders_count == 4


def test_refresh_dashboard_command(shop, capsys):
    from django.core.management import call_command

    MonthSales.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        call_command("refresh_dashboard", "--all")
    assert capsys.readouterr().out == "Refreshed 2 month(s).\n"
    assert MonthSales.objects.count() == 2


# --- The page ---------------------------------------------------------------------------------


def get(client, **params):
    with time_machine.travel(NOW, tick=False):
        return client.get(URL, params)


def rows(response, table):
    return [[c.csv for c in row] for row in response.context["tables"][table].rows]


def download(client, table, **params):
    response = get(client, format="csv", table=table, **params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_month_rows_with_regional_balance(curator_client, shop):
    response = get(curator_client, period="3")

    assert response.status_code == 200
    # Jan: nothing. Feb: [0, 0, 0, 400]. March: [0, 50, 200, 400] -> Gini 27/52, lower half 50/650
    assert rows(response, "months") == [
        ["2026-01", "0", "0", "0.00", "0.00", "0.00", "0.00", "0", "0", "", ""],
        ["2026-02", "1", "2", "0.00", "400.00", "400.00", "0.00", "0", "1", "0.00", "0.7500"],
        ["2026-03", "4", "6", "250.00", "400.00", "650.00", "100.00", "1", "3", "7.69", "0.5192"],
    ]
    chart = response.context["tables"]["months"].extra["chart"]
    assert chart[2][3:] == (Fraction(1, 13), Fraction(27, 52))
    assert chart[1][3:] == (Fraction(0), Fraction(3, 4))


def test_states_and_districts_sorted_by_sales_then_by_name(curator_client, shop):
    response = get(curator_client)

    assert rows(response, "states") == [
        ["State One", "3", "7", "200.00", "800.00", "1000.00", "95.24", "0"],
        ["State Two", "2", "1", "50.00", "0.00", "50.00", "4.76", "1"],
    ]
    assert [r[0] for r in rows(response, "districts")] == [
        "Bareilly Test",
        "Agra Test",
        "Cuttack Test",
        "Dhenkanal Test",
    ]
    by_name = get(curator_client, districts_sort="name")
    assert [r[:2] for r in rows(by_name, "districts")] == [
        ["Agra Test", "State One"],
        ["Bareilly Test", "State One"],
        ["Cuttack Test", "State Two"],
        ["Dhenkanal Test", "State Two"],
    ]
    # orders, units, open, delivered, sales, share of 1,050, shipments cancelled
    assert [r[2:] for r in rows(by_name, "districts")] == [
        ["2", "4", "0.00", "400.00", "400.00", "38.10", "0"],
        ["2", "3", "200.00", "400.00", "600.00", "57.14", "0"],
        ["2", "1", "50.00", "0.00", "50.00", "4.76", "1"],
        ["0", "0", "0.00", "0.00", "0.00", "0.00", "0"],
    ]
    assert b'aria-sort="ascending"' in by_name.content


def test_coverage_top_products_and_sellers(curator_client, shop):
    response = get(curator_client)

    coverage = response.context["coverage"]
    assert (coverage["districts"]["covered"], coverage["districts"]["total"]) == (3, 4)
    assert coverage["districts"]["share"] == "75.0 %"
    assert (coverage["products"]["covered"], coverage["products"]["total"]) == (3, 4)
    assert rows(response, "uncovered_districts") == [["Dhenkanal Test", "State Two"]]
    assert [r[0] for r in rows(response, "top_products")] == [
        shop.lb.odop_product.name,
        shop.la.odop_product.name,
        shop.lc.odop_product.name,
    ]
    assert [r[3:] for r in rows(response, "top_products")] == [
        ["3", "600.00", "57.14", "0"],
        ["4", "400.00", "38.10", "1"],
        ["1", "50.00", "4.76", "0"],
    ]
    # seller, district, sales, orders, cancelled, rate, delivered, returned, rate, late, rate
    assert rows(response, "sellers") == [
        ["Seller B", "Bareilly Test", "600.00", "2", "0", "0.00", "2", "0", "0.00", "0", "0.00"],
        ["Seller A", "Agra Test", "400.00", "2", "0", "0.00", "5", "1", "20.00", "0", "0.00"],
        ["Seller C", "Cuttack Test", "50.00", "2", "1", "50.00", "0", "0", "", "1", "100.00"],
    ]
    by_cancellations = get(curator_client, sellers_sort="cancelled")
    assert [r[0] for r in rows(by_cancellations, "sellers")][0] == "Seller C"


def test_pending_and_slow_sellers_are_read_live(curator_client, shop):
    response = get(curator_client)

    # Seller A: a return asked on the 9th; Seller B: O1 placed on the 12th, not dispatched.
    assert rows(response, "pending") == [
        ["Seller A", "Agra Test", "0", "", "1", "2026-03-09T09:00:00+05:30"],
        ["Seller B", "Bareilly Test", "1", "2026-03-12T09:00:00+05:30", "0", ""],
    ]
    assert rows(response, "slow") == [
        ["Seller B", "Bareilly Test", "1", "2026-03-12T09:00:00+05:30", "75"]
    ]
    move(shipment_of(shop.orders[0], shop.lb), S.ACCEPTED, S.PACKED, S.DISPATCHED)
    assert rows(get(curator_client), "slow") == []


def test_the_page_shows_definitions_charts_and_figures(curator_client, shop):
    response = get(curator_client)
    page = response.content.decode()

    assert "floor(n/2)" in page
    assert page.count('<svg class="chart"') == 2
    assert "₹1,050.00" in page
    assert "3 of 4 districts (75.0 %) have at least one live listing." in page
    assert response.context["refreshed_at"] == NOW


def test_hindi_page_renders(curator_client, shop):
    with time_machine.travel(NOW, tick=False):
        response = curator_client.get("/hi" + URL)
    assert response.status_code == 200
    assert response.content.decode().count('<svg class="chart"') == 2


def test_csv_downloads_hold_every_row(curator_client, shop):
    assert download(curator_client, "states") == [
        [
            "State or union territory",
            "Orders",
            "Units sold",
            "Open value",
            "Delivered value",
            "Sales value",
            "Share of sales (%)",
            "Shipments cancelled",
        ],
        ["State One", "3", "7", "200.00", "800.00", "1000.00", "95.24", "0"],
        ["State Two", "2", "1", "50.00", "0.00", "50.00", "4.76", "1"],
    ]
    response = get(curator_client, format="csv", table="months", period="1")
    assert response["Content-Disposition"] == (
        'attachment; filename="dashboard-months-2026-03-2026-03.csv"'
    )
    assert len(download(curator_client, "uncovered_districts")) == 2


def test_districts_are_paged_on_the_page_but_not_in_the_csv(curator_client, shop):
    DistrictFactory.create_batch(60, state=shop.two)

    response = get(curator_client, districts_sort="name")

    assert len(rows(response, "districts")) == 50
    assert response.context["tables"]["districts"].page.paginator.count == 64
    assert "districts_page=2" in response.context["tables"]["districts"].extra["next_url"]
    assert len(download(curator_client, "districts")) == 65
    second = get(curator_client, districts_sort="name", districts_page="2")
    assert len(rows(second, "districts")) == 14


def test_bad_input_is_a_form_error_or_404_never_a_500(curator_client, shop):
    response = get(curator_client, period="1000", sellers_sort="drop table", districts_page="x")
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert len(rows(response, "months")) == 12  # the default period

    assert get(curator_client, format="csv", table="nope").status_code == 404


def test_outsiders_get_403_and_anonymous_the_login(client, outsiders):
    for user in outsiders:
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(URL, {"format": "csv", "table": "states"}).status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def make_orders(count, listings, buyer):
    for index in range(count):
        order = place(buyer=buyer, items=[(listings[index % len(listings)], 1)])
        if index % 3 == 0:
            move(order.shipments.get(), S.ACCEPTED, S.PACKED, S.DISPATCHED, S.DELIVERED)
        elif index % 3 == 1:
            buyer_cancel(shipment=order.shipments.get(), by=buyer)


def test_query_count_does_not_grow_with_orders(curator_client, django_assert_num_queries, settings):
    # the session and the user (the session read is cached when sessions live in Redis)
    sign_in = 2 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 1
    listings = [ListingFactory(stock=500) for _ in range(3)]
    buyer = UserFactory()
    with time_machine.travel(NOW, tick=False):
        make_orders(3, listings, buyer)
        sales.refresh_recent()
    with django_assert_num_queries(QUERIES + sign_in):
        get(curator_client)

    with time_machine.travel(NOW, tick=False):
        make_orders(30, listings + [ListingFactory(stock=500) for _ in range(3)], buyer)
        sales.refresh_recent()
    with django_assert_num_queries(QUERIES + sign_in):
        get(curator_client)


QUERIES = 21  # the same whatever the number of orders (the map reads the districts once)


def test_the_map_shades_each_district_by_its_sales(curator_client, shop):
    from districts.models import District

    # Give the shop's districts real LGD codes, so that the boundary file has their outlines.
    for district, lgd_code in ((shop.a, 162), (shop.b, 164), (shop.c, 1)):
        District.objects.filter(pk=district.pk).update(lgd_code=lgd_code, has_map_shape=True)

    page = get(curator_client).content.decode()

    assert 'id="map-title"' in page
    assert "Map of India&#x27;s districts shaded by sales value" in page
    for district, rupees in ((shop.a, "400.00"), (shop.b, "600.00"), (shop.c, "50.00")):
        assert f"{district.name}: ₹{rupees}" in page


def test_csv_cells_never_start_a_formula(curator_client, shop):
    shop.la.seller.display_name = '=HYPERLINK("http://evil.test")'
    shop.la.seller.save(update_fields=["display_name"])

    names = [row[0] for row in download(curator_client, "sellers")[1:]]

    assert '\'=HYPERLINK("http://evil.test")' in names


def test_months_are_india_time(db):
    listing = ListingFactory(price=Decimal("100.00"))
    # 00:30 on 1 March in India is still 28 February in UTC
    with time_machine.travel(datetime(2026, 3, 1, 0, 30, tzinfo=IST), tick=False):
        place(buyer=UserFactory(), items=[(listing, 1)])
    with time_machine.travel(NOW, tick=False):
        sales.refresh_recent()

    assert list(MonthSales.objects.values_list("month", "orders_count", "open_value")) == [
        (MARCH, 1, Decimal("100.00"))
    ]
