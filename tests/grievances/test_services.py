"""Filing a grievance, its deadlines under rule 4(5), its steps and the e-mails each sends."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from grievances import services
from grievances.errors import GrievanceStepNotAllowed
from grievances.models import Grievance, one_month_after
from outbox import services as outbox
from outbox.models import Email
from tests.factories import ListingFactory
from tests.orders.factories import place

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")
G = Grievance.Status


def ist(*args: int) -> datetime:
    return datetime(*args, tzinfo=IST)


def _file(user, *, now=None, **kwargs):
    return services.file_grievance(
        filed_by=user,
        role=kwargs.pop("role", Grievance.Role.BUYER),
        subject=kwargs.pop("subject", Grievance.Subject.DELIVERY),
        description=kwargs.pop("description", "The parcel never came."),
        now=now,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("filed", "acknowledge_by", "resolve_by"),
    [
        # 48 hours to acknowledge; one calendar month to resolve, at the same time of day.
        (ist(2026, 3, 10, 14, 30), ist(2026, 3, 12, 14, 30), ist(2026, 4, 10, 14, 30)),
        # The next month is shorter: its last day.
        (ist(2026, 1, 31, 23, 59), ist(2026, 2, 2, 23, 59), ist(2026, 2, 28, 23, 59)),
        (ist(2028, 1, 31, 9, 0), ist(2028, 2, 2, 9, 0), ist(2028, 2, 29, 9, 0)),
        # December runs into January of the next year.
        (ist(2026, 12, 15, 0, 5), ist(2026, 12, 17, 0, 5), ist(2027, 1, 15, 0, 5)),
    ],
)
def test_deadlines_are_48_hours_and_one_calendar_month_after_filing(
    buyer, filed, acknowledge_by, resolve_by
):
    grievance = _file(buyer, now=filed)

    grievance.refresh_from_db()
    assert grievance.filed_at == filed
    assert grievance.acknowledge_by == acknowledge_by
    assert grievance.resolve_by == resolve_by


def test_one_month_counts_in_india_time():
    # 20:00 UTC on 31 January is 01:30 on 1 February in India: the month runs to 1 March.
    filed = datetime(2026, 1, 31, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert one_month_after(filed) == datetime(2026, 3, 1, 1, 30, tzinfo=IST)


def test_reference_names_the_year_and_the_id(buyer):
    grievance = _file(buyer, now=datetime(2026, 5, 1, 12, 0, tzinfo=IST))

    grievance.refresh_from_db()
    assert grievance.reference == f"GRV-2026-{grievance.pk:06d}"
    assert grievance.status == G.OPEN


def test_references_are_unique(buyer):
    first = _file(buyer)
    second = _file(buyer)

    assert first.reference != second.reference
    with pytest.raises(IntegrityError), transaction.atomic():
        Grievance.objects.filter(pk=second.pk).update(reference=first.reference)


def test_filing_e_mails_the_grievance_officer_and_the_filer_once(
    buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grievance = _file(buyer, description="The parcel never came.")

    officer = [m for m in mail.outbox if m.to == ["officer@example.test"]]
    filer = [m for m in mail.outbox if m.to == [buyer.email]]
    assert len(mail.outbox) == 2
    assert officer[0].subject == f"New grievance {grievance.reference}: Delivery"
    assert "The parcel never came." in officer[0].body
    assert f"http://testserver/curate/grievances/{grievance.pk}/" in officer[0].body
    assert filer[0].subject == f"We received your grievance {grievance.reference}"
    assert f"http://testserver/grievances/{grievance.pk}/" in filer[0].body
    # A repeat delivery of the task sends nothing more.
    for email in Email.objects.all():
        assert outbox.deliver(email.pk) == "not due"
    assert len(mail.outbox) == 2


def test_each_step_e_mails_the_filer(buyer, curator, django_capture_on_commit_callbacks):
    grievance = _file(buyer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.acknowledge(grievance=grievance, by=curator)
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve(grievance=grievance, by=curator, resolution="Refunded in full.")

    assert [m.subject for m in mail.outbox] == [
        f"Your grievance {grievance.reference} is acknowledged",
        f"Your grievance {grievance.reference} is resolved",
    ]
    assert all(m.to == [buyer.email] for m in mail.outbox)
    assert "Refunded in full." in mail.outbox[1].body


def test_acknowledge_then_resolve_records_when(buyer, curator):
    grievance = _file(buyer, now=datetime(2026, 3, 10, 9, 0, tzinfo=IST))
    acknowledged = datetime(2026, 3, 11, 9, 0, tzinfo=IST)
    resolved = datetime(2026, 3, 20, 9, 0, tzinfo=IST)

    services.acknowledge(grievance=grievance, by=curator, now=acknowledged)
    services.resolve(grievance=grievance, by=curator, resolution="Replaced.", now=resolved)

    grievance.refresh_from_db()
    assert (grievance.status, grievance.acknowledged_at, grievance.resolved_at) == (
        G.RESOLVED,
        acknowledged,
        resolved,
    )
    assert (grievance.resolution, grievance.handled_by) == ("Replaced.", curator)


def test_resolving_an_unacknowledged_grievance_acknowledges_it_too(buyer, curator):
    grievance = _file(buyer)
    at = datetime(2026, 3, 11, 9, 0, tzinfo=IST)

    services.resolve(grievance=grievance, by=curator, resolution="Done.", now=at)

    grievance.refresh_from_db()
    assert (grievance.acknowledged_at, grievance.resolved_at) == (at, at)


def test_a_step_out_of_order_is_refused_and_changes_nothing(buyer, curator):
    grievance = _file(buyer)
    services.close(grievance=grievance, by=curator, reason="Duplicate of another grievance.")

    with pytest.raises(GrievanceStepNotAllowed, match="closed cannot become acknowledged"):
        services.acknowledge(grievance=grievance, by=curator)
    with pytest.raises(GrievanceStepNotAllowed):
        services.resolve(grievance=grievance, by=curator, resolution="x")

    grievance.refresh_from_db()
    assert (grievance.status, grievance.acknowledged_at) == (G.CLOSED, None)
    assert grievance.resolution == "Duplicate of another grievance."


def test_acknowledging_twice_is_refused(buyer, curator):
    grievance = _file(buyer)
    services.acknowledge(grievance=grievance, by=curator)

    with pytest.raises(GrievanceStepNotAllowed):
        services.acknowledge(grievance=grievance, by=curator)


def test_follow_ups_only_while_pending_and_only_by_the_filer(
    buyer, seller, curator, django_capture_on_commit_callbacks
):
    grievance = _file(buyer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.add_follow_up(grievance=grievance, author=buyer, body="Still nothing.")
    with pytest.raises(GrievanceStepNotAllowed):
        services.add_follow_up(grievance=grievance, author=seller.user, body="Me too.")
    services.resolve(grievance=grievance, by=curator, resolution="Sent again.")
    with pytest.raises(GrievanceStepNotAllowed, match="resolved"):
        services.add_follow_up(grievance=grievance, author=buyer, body="Thanks.")

    assert list(grievance.messages.values_list("body", flat=True)) == ["Still nothing."]
    assert [m.subject for m in mail.outbox] == [f"Follow-up on grievance {grievance.reference}"]
    assert "Still nothing." in mail.outbox[0].body


def test_overdue_selects_late_acknowledgements_and_late_resolutions(buyer, curator):
    filed = datetime(2026, 3, 1, 10, 0, tzinfo=IST)
    not_acknowledged = _file(buyer, now=filed)
    acknowledged = _file(buyer, now=filed)
    services.acknowledge(grievance=acknowledged, by=curator)
    resolved = _file(buyer, now=filed)
    services.resolve(grievance=resolved, by=curator, resolution="Done.")

    def overdue(now):
        return set(Grievance.objects.overdue(now=now).values_list("pk", flat=True))

    assert overdue(datetime(2026, 3, 3, 10, 0, tzinfo=IST)) == set()  # exactly 48 hours: in time
    assert overdue(datetime(2026, 3, 3, 10, 1, tzinfo=IST)) == {not_acknowledged.pk}
    assert overdue(datetime(2026, 4, 1, 10, 1, tzinfo=IST)) == {
        not_acknowledged.pk,
        acknowledged.pk,
    }


def test_a_seller_files_about_its_own_shipment(buyer, seller):
    order = place(buyer=buyer, items=[(ListingFactory(seller=seller), 1)])
    shipment = order.shipments.get()

    grievance = _file(seller.user, role=Grievance.Role.SELLER, shipment=shipment)

    assert (grievance.order, grievance.shipment) == (order, shipment)
