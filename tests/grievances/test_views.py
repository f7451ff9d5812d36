"""Buyers and sellers file grievances from their pages and follow them; nobody sees another's."""

import pytest
from django.core import mail
from django.urls import reverse

from grievances import services
from grievances.models import Grievance
from tests.factories import ListingFactory, UserFactory
from tests.orders.factories import place

pytestmark = pytest.mark.django_db
FILE_URL = reverse("grievances:file")
LIST_URL = reverse("grievances:list")


@pytest.fixture
def order(buyer, seller):
    return place(buyer=buyer, items=[(ListingFactory(seller=seller), 1)])


def _file(user, **kwargs):
    return services.file_grievance(
        filed_by=user,
        role=kwargs.pop("role", Grievance.Role.BUYER),
        subject=kwargs.pop("subject", Grievance.Subject.REFUND),
        description=kwargs.pop("description", "My refund has not come."),
        **kwargs,
    )


def test_anonymous_visitors_are_asked_to_log_in(client):
    for url in (FILE_URL, LIST_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_order_page_links_to_report_a_problem_about_that_order(client, buyer, order):
    client.force_login(buyer)

    page = client.get(order.get_absolute_url()).content.decode()
    form = client.get(f"{FILE_URL}?order={order.pk}").content.decode()

    assert f'href="{FILE_URL}?order={order.pk}"' in page
    assert "Report a problem" in page
    assert f'value="{order.number}"' in form


def test_somebody_elses_order_is_not_prefilled(client, order):
    stranger = UserFactory()
    client.force_login(stranger)

    form = client.get(f"{FILE_URL}?order={order.pk}").content.decode()

    assert order.number not in form


def test_buyer_files_about_an_order_and_sees_it_in_my_grievances(
    client, buyer, order, django_capture_on_commit_callbacks
):
    client.force_login(buyer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            FILE_URL,
            {
                "role": "buyer",
                "subject": "delivery",
                "order_number": order.number,
                "description": "Tracking has not moved for a week.",
            },
        )

    grievance = Grievance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == grievance.get_absolute_url()
    assert (grievance.filed_by, grievance.role, grievance.order, grievance.shipment) == (
        buyer,
        Grievance.Role.BUYER,
        order,
        None,
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([buyer.email, "officer@example.test"])
    listing = client.get(LIST_URL).content.decode()
    assert grievance.reference in listing
    assert "Received" in listing
    assert "Acknowledgement by" in listing


def test_buyer_cannot_name_somebody_elses_order(client, order):
    stranger = UserFactory()
    client.force_login(stranger)

    response = client.post(
        FILE_URL,
        {"role": "buyer", "subject": "delivery", "order_number": order.number, "description": "x"},
    )

    assert response.status_code == 200
    assert "You have no order with that number." in response.content.decode()
    assert not Grievance.objects.exists()


def test_a_buyer_without_a_seller_profile_cannot_file_as_a_seller(client, buyer):
    client.force_login(buyer)

    client.post(FILE_URL, {"role": "seller", "subject": "payment", "description": "Where?"})

    assert not Grievance.objects.exists()


def test_seller_files_from_the_dashboard_about_its_shipment(client, seller, order):
    client.force_login(seller.user)
    dashboard = client.get(reverse("sellers:dashboard")).content.decode()
    assert f'href="{FILE_URL}?role=seller"' in dashboard
    form = client.get(f"{FILE_URL}?role=seller").content.decode()
    assert '<input type="radio" name="role" value="seller" required id="id_role_1" checked>' in form

    client.post(
        FILE_URL,
        {
            "role": "seller",
            "subject": "payment",
            "order_number": order.number,
            "description": "The payout for this order is late.",
        },
    )

    grievance = Grievance.objects.get()
    assert (grievance.role, grievance.order, grievance.shipment) == (
        Grievance.Role.SELLER,
        order,
        order.shipments.get(),
    )


def test_a_seller_cannot_name_an_order_without_its_shipment(client, other_seller, order):
    client.force_login(other_seller.user)

    response = client.post(
        FILE_URL,
        {"role": "seller", "subject": "payment", "order_number": order.number, "description": "x"},
    )

    assert "None of your shipments is in that order." in response.content.decode()
    assert not Grievance.objects.exists()


def test_both_buyer_and_seller_see_the_status_as_it_moves(client, buyer, seller, curator, order):
    from_buyer = _file(buyer, order=order)
    from_seller = _file(seller.user, role=Grievance.Role.SELLER, shipment=order.shipments.get())
    services.acknowledge(grievance=from_buyer, by=curator)
    services.resolve(grievance=from_seller, by=curator, resolution="Payout sent on Monday.")

    client.force_login(buyer)
    buyer_page = client.get(from_buyer.get_absolute_url()).content.decode()
    client.force_login(seller.user)
    seller_page = client.get(from_seller.get_absolute_url()).content.decode()

    assert '<strong class="status status-acknowledged">Acknowledged</strong>' in buyer_page
    assert "Resolution due by" in buyer_page
    assert '<strong class="status status-resolved">Resolved</strong>' in seller_page
    assert "Payout sent on Monday." in seller_page


def test_a_buyer_cannot_see_another_buyers_grievance(client, buyer):
    grievance = _file(buyer, description="Private details")
    stranger = UserFactory()
    client.force_login(stranger)

    assert client.get(grievance.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("grievances:follow-up", args=[grievance.pk]), {"body": "Let me in"}
    )
    assert response.status_code == 404
    assert grievance.messages.count() == 0
    assert grievance.reference not in client.get(LIST_URL).content.decode()


def test_filer_adds_a_follow_up_until_it_is_resolved(client, buyer, curator):
    grievance = _file(buyer)
    client.force_login(buyer)
    url = reverse("grievances:follow-up", args=[grievance.pk])

    client.post(url, {"body": "Here is the tracking number: AB123."})
    services.resolve(grievance=grievance, by=curator, resolution="Delivered today.")
    response = client.post(url, {"body": "Thanks"}, follow=True)

    assert list(grievance.messages.values_list("body", flat=True)) == [
        "Here is the tracking number: AB123."
    ]
    page = response.content.decode()
    assert "This grievance is resolved" in page
    assert "Add to your grievance" not in page


def test_empty_follow_up_is_a_form_error(client, buyer):
    grievance = _file(buyer)
    client.force_login(buyer)

    response = client.post(reverse("grievances:follow-up", args=[grievance.pk]), {"body": " "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_footer_links_to_file_a_grievance(client):
    page = client.get(reverse("districts:home")).content.decode()

    assert f'href="{FILE_URL}"' in page


def test_my_grievances_queries_do_not_grow(
    client, buyer, order, session_queries, django_assert_num_queries
):
    client.force_login(buyer)
    _file(buyer, order=order)
    client.get(LIST_URL)  # warm caches (site settings, translations)

    with django_assert_num_queries(3 + session_queries):
        client.get(LIST_URL)
    for _ in range(10):
        _file(buyer, order=order)
    with django_assert_num_queries(3 + session_queries):
        client.get(LIST_URL)


def test_pages_render_in_hindi(client, buyer):
    grievance = _file(buyer)
    client.force_login(buyer)

    for url in ("/hi/grievances/", "/hi/grievances/new/", f"/hi/grievances/{grievance.pk}/"):
        assert client.get(url).status_code == 200


def test_grievance_page_queries_do_not_grow_with_follow_ups(
    client, buyer, order, session_queries, django_assert_num_queries
):
    grievance = _file(buyer, order=order)
    client.force_login(buyer)
    client.get(grievance.get_absolute_url())

    with django_assert_num_queries(3 + session_queries):
        client.get(grievance.get_absolute_url())
    for number in range(6):
        services.add_follow_up(grievance=grievance, author=buyer, body=f"Note {number}")
    with django_assert_num_queries(3 + session_queries):
        page = client.get(grievance.get_absolute_url()).content.decode()
    assert "Note 5" in page


def test_filing_form_queries(client, seller, session_queries, django_assert_num_queries):
    client.force_login(seller.user)
    client.get(FILE_URL)

    with django_assert_num_queries(2 + session_queries):
        client.get(FILE_URL)
