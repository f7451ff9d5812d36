import smtplib

import pytest
import time_machine
from django.core import mail

from orders.models import Notification
from orders.services import buyer_cancel, seller_move
from outbox.models import Email
from outbox.tasks import deliver_due_emails, deliver_email

from .factories import place

pytestmark = pytest.mark.django_db


def test_order_placed_emails_buyer_and_each_seller_in_text_and_html(
    buyer, listing, other_listing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place(buyer=buyer, items=[(listing, 1), (other_listing, 1)])

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == sorted(
        [buyer.email, listing.seller.user.email, other_listing.seller.user.email]
    )
    to_buyer = by_recipient[buyer.email]
    assert to_buyer.subject == f"Your order {order.number} is placed"
    assert "It comes in 2 shipments, one from each seller." in to_buyer.body
    assert to_buyer.alternatives[0].mimetype == "text/html"
    assert f"http://testserver/orders/{order.pk}/" in to_buyer.alternatives[0].content
    assert Notification.objects.filter(sent_at__isnull=False).count() == 3


def test_email_is_in_the_recipients_language(buyer, listing, django_capture_on_commit_callbacks):
    buyer.preferred_language = "hi"
    buyer.save()

    with django_capture_on_commit_callbacks(execute=True):
        place(buyer=buyer, items=[(listing, 1)])

    to_buyer = next(m for m in mail.outbox if m.to == [buyer.email])
    to_seller = next(m for m in mail.outbox if m.to == [listing.seller.user.email])
    assert 'lang="hi"' in to_buyer.alternatives[0].content
    assert 'lang="en"' in to_seller.alternatives[0].content


def test_each_status_change_notifies_the_buyer_once(
    buyer, seller, listing, django_capture_on_commit_callbacks
):
    order = place(buyer=buyer, items=[(listing, 1)])
    shipment = order.shipments.get()

    with django_capture_on_commit_callbacks(execute=True):
        seller_move(shipment=shipment, to="accepted", by=seller.user)

    assert [m.subject for m in mail.outbox] == [f"Order {order.number}: your shipment is accepted"]


def test_buyer_cancel_tells_the_seller(buyer, seller, listing, django_capture_on_commit_callbacks):
    shipment = place(buyer=buyer, items=[(listing, 1)]).shipments.get()

    with django_capture_on_commit_callbacks(execute=True):
        buyer_cancel(shipment=shipment, by=buyer, reason="Ordered twice")

    seller_mail = next(m for m in mail.outbox if m.to == [seller.user.email])
    assert "The buyer cancelled your shipment" in seller_mail.body


def test_a_notification_is_never_sent_twice(buyer, listing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        place(buyer=buyer, items=[(listing, 1)])
    sent = len(mail.outbox)

    for email in Email.objects.all():
        deliver_email.delay(email.pk)  # a repeated delivery of the task

    assert len(mail.outbox) == sent == 2


def test_an_smtp_outage_delays_the_email_and_the_retry_sends_it(
    buyer, listing, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        place(buyer=buyer, items=[(listing, 1)])
    email = Email.objects.get(key__startswith="order-placed:")
    assert (email.status, email.attempts) == ("pending", 1)
    assert "connection lost" in email.last_error
    assert Notification.objects.get(recipient=buyer).sent_at is None
    monkeypatch.undo()

    with time_machine.travel(email.next_attempt_at, tick=False):
        deliver_due_emails.delay()

    assert [m.to for m in mail.outbox if m.to == [buyer.email]] == [[buyer.email]]
    assert Notification.objects.get(recipient=buyer).sent_at is not None


def test_plain_text_emails_show_quotes_as_typed(buyer, listing, django_capture_on_commit_callbacks):
    buyer.full_name = "D'Souza Bina"
    buyer.save(update_fields=["full_name"])

    with django_capture_on_commit_callbacks(execute=True):
        place(buyer=buyer, items=[(listing, 1)])

    [to_buyer] = [message for message in mail.outbox if message.to == [buyer.email]]
    assert "Namaste D'Souza," in to_buyer.body
    assert "&#x27;" not in to_buyer.body
