"""With REDIS_URL set: a real Celery worker process sends order e-mails to a real SMTP server.

The worker reads the test database (committed rows: a transactional test) and serves every
queue, emptied first, so nothing an earlier test queued reaches it. The SMTP server, aiosmtpd on
loopback, turns the first message away with a temporary error to prove the task retries, and
the test checks that every e-mail then arrives exactly once.
"""

import email
import time
from email.policy import default as default_policy
from pathlib import Path

import pytest

from odop_bazaar.celery import app as celery_app
from tests.workers import (
    require_broker_and_postgres,
    start_worker,
    stop_worker,
    worker_env,
)
from tests.workers import smtp_server as run_smtp_server

from .factories import place

pytestmark = [pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


class Mailbox:
    """An aiosmtpd handler that refuses the first message once (451) and keeps the rest."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refused = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refused == 0:
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    with run_smtp_server(mailbox) as port:
        yield port, mailbox


@pytest.fixture
def real_worker(smtp_server, on_postgres, tmp_path):
    require_broker_and_postgres()
    port, _mailbox = smtp_server
    celery_app.control.purge()  # tasks left by earlier tests of this run
    env = worker_env(EMAIL_URL=f"smtp://127.0.0.1:{port}", SITE_URL="http://testserver")
    worker = start_worker(name="orders", log_path=tmp_path / "worker.log", env=env)
    yield worker
    stop_worker(worker)


def _wait_for(condition, *, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)  # polling another process, not timing our own code
    return False


def test_worker_sends_each_order_email_once_in_text_and_html(
    real_worker, smtp_server, buyer, listing, other_listing, tmp_path
):
    _controller, mailbox = smtp_server
    buyer.preferred_language = "hi"
    buyer.save()

    order = place(buyer=buyer, items=[(listing, 1), (other_listing, 1)])

    arrived = _wait_for(lambda: len(mailbox.messages) >= 3)
    if not arrived:
        stop_worker(real_worker)
        pytest.fail(
            f"only {len(mailbox.messages)} e-mails arrived; worker said: {(tmp_path / 'worker.log').read_text()[-3000:]}"
        )
    time.sleep(1)  # a duplicate would land now
    recipients = sorted(message["To"] for message in mailbox.messages)
    assert recipients == sorted(
        [buyer.email, listing.seller.user.email, other_listing.seller.user.email]
    )
    assert mailbox.refused == 1  # one temporary SMTP failure, retried by Celery
    to_buyer = next(m for m in mailbox.messages if m["To"] == buyer.email)
    assert to_buyer.get_body(("plain",)).get_content().count(order.number) == 1
    assert 'lang="hi"' in to_buyer.get_body(("html",)).get_content()
    assert order.notifications.filter(sent_at__isnull=True).count() == 0
