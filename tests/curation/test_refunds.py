"""Refunds that wait for a curator: COD refunds paid by hand (with the UTR), failed online ones
sent again. One audit entry each; nobody else may."""

from decimal import Decimal

import pytest
from django.urls import reverse

from curation.models import AuditEntry
from orders.models import Refund
from tests.factories import ListingFactory, UserFactory
from tests.orders.factories import place

pytestmark = pytest.mark.django_db
QUEUE = reverse("curation:refund-queue")


def refund(*, method="bank", status="requested", amount="250.00", n=1) -> Refund:
    order = place(buyer=UserFactory(), items=[(ListingFactory(), 1)])
    return Refund.objects.create(
        key=f"test:{order.pk}:{n}",
        order=order,
        amount=Decimal(amount),
        reason=Refund.Reason.RETURNED,
        method=method,
        payout_to="meera@okaxis" if method == "bank" else "",
        status=status,
    )


def test_the_queue_holds_cod_refunds_to_pay_and_failed_online_ones_oldest_first(curator_client):
    first = refund(method="bank")
    failed = refund(method="original", status="failed")
    refund(method="bank", status="processed")  # done: not waiting
    refund(method="original", status="requested")  # the gateway is on it: not waiting

    page = curator_client.get(QUEUE).content.decode()

    assert page.index(first.order.number) < page.index(failed.order.number)
    assert page.count("Record as paid") == 1
    assert page.count("Send to the gateway again") == 1
    assert "meera@okaxis" in page


def test_recording_a_bank_refund_needs_the_utr_and_writes_one_audit_entry(curator_client):
    waiting = refund()
    url = reverse("curation:refund-settle", args=[waiting.pk])

    curator_client.post(url, {f"r{waiting.pk}-reference": "  "})
    waiting.refresh_from_db()
    assert waiting.status == "requested"
    assert not AuditEntry.objects.exists()

    curator_client.post(url, {f"r{waiting.pk}-reference": "UTR4242"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.payout_reference) == ("processed", "UTR4242")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason) == ("refund.settle", "UTR4242")
    assert entry.changes["status"] == ["requested", "processed"]

    curator_client.post(url, {f"r{waiting.pk}-reference": "UTR9999"})  # twice: refused
    waiting.refresh_from_db()
    assert waiting.payout_reference == "UTR4242"
    assert AuditEntry.objects.count() == 1


def test_a_failed_online_refund_is_sent_again_once(
    curator_client, django_capture_on_commit_callbacks
):
    failed = refund(method="original", status="failed")
    url = reverse("curation:refund-retry", args=[failed.pk])

    with django_capture_on_commit_callbacks(execute=False):
        curator_client.post(url)
        curator_client.post(url)  # a double click: the second finds it on its way

    failed.refresh_from_db()
    assert failed.status == "requested"
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["refund.retry"]


def test_outsiders_can_neither_see_nor_settle(client, outsiders):
    waiting = refund()
    for user in outsiders:
        client.force_login(user)
        assert client.get(QUEUE).status_code == 403
        settle = reverse("curation:refund-settle", args=[waiting.pk])
        assert client.post(settle, {f"r{waiting.pk}-reference": "X"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == "requested"


def test_the_queue_costs_the_same_queries_however_many_wait(
    curator_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    refund(n=1)
    curator_client.get(QUEUE)
    with CaptureQueriesContext(connection) as first:
        curator_client.get(QUEUE)
    for n in range(2, 12):
        refund(n=n)
    with django_assert_num_queries(len(first.captured_queries)):
        curator_client.get(QUEUE)
