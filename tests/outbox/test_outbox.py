"""The e-mail outbox: nothing lost to an SMTP outage or a dead worker, nothing sent twice."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from curation.models import AuditEntry
from outbox import services as outbox
from outbox.models import Email
from outbox.tasks import deliver_due_emails

pytestmark = pytest.mark.django_db
KIND = "tests.note"


@pytest.fixture(autouse=True)
def sent_marks():
    """A renderer for tests: the object id is the recipient's local part."""
    sent_marks = []
    outbox.register(
        KIND,
        lambda object_id, params: EmailMessage(
            f"Note {object_id}", params.get("body", "Hello"), None, [f"{object_id}@example.test"]
        ),
        sent_marks.append,
    )
    yield sent_marks
    outbox.RENDERERS.pop(KIND)


@pytest.fixture
def smtp(monkeypatch):
    """The mail server: `smtp.down = True` refuses every message."""

    class Server:
        down = False

    server = Server()
    real_send = EmailMessage.send

    def send(message, fail_silently=False):
        if server.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    return server


def enqueue(name: str, **params) -> Email:
    with transaction.atomic():
        outbox.enqueue(key=f"note:{name}", kind=KIND, object_id=name, params=params)
    return Email.objects.get(key=f"note:{name}")


def run_beat_at(moment) -> None:
    with time_machine.travel(moment, tick=False):
        deliver_due_emails()


def test_an_email_is_written_only_if_its_event_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                outbox.enqueue(key="note:ghost", kind=KIND, object_id="ghost")
                raise RuntimeError("the order failed")
        except RuntimeError:
            pass
    assert not Email.objects.exists()
    assert mail.outbox == []


def test_sent_once_and_marked_once(django_capture_on_commit_callbacks, sent_marks):
    with django_capture_on_commit_callbacks(execute=True):
        email = enqueue("asha")
    email.refresh_from_db()

    assert (email.status, email.attempts, email.to) == ("sent", 1, "asha@example.test")
    assert outbox.deliver(email.pk) == "not due"  # a repeat delivery of the task
    assert outbox.enqueue(key="note:asha", kind=KIND, object_id="asha") is False
    assert len(mail.outbox) == 1
    assert sent_marks == ["asha"]


def test_a_one_day_outage_loses_nothing_and_sends_each_email_once(smtp):
    smtp.down = True
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        emails = [enqueue(f"buyer{n}") for n in range(91)]
        for email in emails:
            outbox.deliver(email.pk)  # what the task does after commit
    assert Email.objects.filter(status="pending", attempts=1).count() == 91

    # Beat runs every minute during a 20-hour outage, then the server comes back.
    moment = start
    while moment < start + timedelta(hours=20):
        moment += timedelta(minutes=10)
        run_beat_at(moment)
    assert mail.outbox == []
    smtp.down = False
    run_beat_at(moment + timedelta(hours=1))

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"buyer{n}@example.test" for n in range(91)
    )
    assert Email.objects.filter(status="sent").count() == 91


def test_retries_back_off_and_give_up_after_a_day_then_curators_see_it(
    smtp, client, curator, settings, django_capture_on_commit_callbacks
):
    smtp.down = True
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        email = enqueue("lost")
        outbox.deliver(email.pk)
    gaps = []
    moment = start
    while Email.objects.get(pk=email.pk).status == "pending":
        due = Email.objects.get(pk=email.pk).next_attempt_at
        gaps.append(round((due - moment).total_seconds()))
        moment = due
        run_beat_at(moment)
    email.refresh_from_db()

    assert gaps[:9] == [15, 30, 60, 120, 240, 480, 960, 1920, 3600]
    assert set(gaps[9:]) == {3600}
    assert email.status == "failed"
    assert moment - start >= timedelta(hours=settings.OUTBOX_RETRY_HOURS - 1)
    assert "Connection unexpectedly closed" in email.last_error

    client.force_login(curator)
    page = client.get(reverse("curation:email-queue"))
    assert "note:lost" in page.text
    smtp.down = False
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("curation:email-retry", args=[email.pk]))
    email.refresh_from_db()
    assert email.status == "sent"
    assert [m.to for m in mail.outbox] == [["lost@example.test"]]
    assert AuditEntry.objects.filter(action="email.retry", object_id=str(email.pk)).count() == 1


def test_a_worker_that_died_holding_an_email_loses_it_after_the_lease(settings):
    email = enqueue("held")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        # A worker claimed it, then its machine died before sending.
        Email.objects.filter(pk=email.pk).update(
            status="sending", lease_until=start + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        )
        deliver_due_emails()
    assert mail.outbox == []  # still held: no second worker takes it

    run_beat_at(start + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 61))

    assert [m.to for m in mail.outbox] == [["held@example.test"]]
    assert Email.objects.get(pk=email.pk).status == "sent"


def test_a_second_delivery_while_the_first_is_sending_sends_nothing(monkeypatch):
    """Deterministic race: the competing task runs at the moment the first one talks to SMTP."""
    email = enqueue("race")
    real_send = EmailMessage.send
    competing = []

    def send_and_compete(message, fail_silently=False):
        competing.append(outbox.deliver(email.pk))
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send_and_compete)

    assert outbox.deliver(email.pk) == "sent"
    assert competing == ["not due"]
    assert len(mail.outbox) == 1


def test_a_row_whose_object_is_gone_is_cancelled_not_retried():
    outbox.register("tests.gone", lambda object_id, params: None)
    try:
        with transaction.atomic():
            outbox.enqueue(key="gone:1", kind="tests.gone", object_id=1)
        email = Email.objects.get(key="gone:1")
        assert outbox.deliver(email.pk) == "cancelled"
        assert Email.objects.get(pk=email.pk).status == "cancelled"
    finally:
        outbox.RENDERERS.pop("tests.gone")


def test_only_curators_see_or_retry_failed_emails(client, buyer, seller, staff_outsider):
    email = enqueue("x")
    Email.objects.filter(pk=email.pk).update(status="failed")
    for user in (buyer, seller.user, staff_outsider):
        client.force_login(user)
        assert client.get(reverse("curation:email-queue")).status_code == 403
        assert client.post(reverse("curation:email-retry", args=[email.pk])).status_code == 403
    assert Email.objects.get(pk=email.pk).status == "failed"


def test_the_failed_email_page_costs_the_same_queries_however_many_failed(
    client, curator, django_assert_num_queries
):
    client.force_login(curator)

    def fail(n):
        for i in range(n):
            Email.objects.filter(pk=enqueue(f"f{n}-{i}").pk).update(status="failed")

    fail(2)
    client.get(reverse("curation:email-queue"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("curation:email-queue"))
    assert len(first.captured_queries) <= 5  # session, user, groups, count, page
    fail(20)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("curation:email-queue"))
