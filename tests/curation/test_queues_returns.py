"""Returns in dispute: a curator overrules or upholds the seller's rejection, with a reason."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from curation.models import AuditEntry
from orders.models import ReturnPhoto, ReturnRequest, ReturnStatusChange
from tests.curation.queue_data import disputed_return
from tests.sellers.factories import image_bytes

pytestmark = pytest.mark.django_db
QUEUE = "curation:dispute-queue"
R = ReturnRequest.Status


@pytest.fixture
def curator_client(curator):
    browser = Client()
    browser.force_login(curator)
    return browser


def session_queries() -> int:
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0


def _disputed_days_ago(rr, days):
    ReturnStatusChange.objects.filter(return_request=rr, to_status=R.DISPUTED).update(
        at=F("at") - timezone.timedelta(days=days)
    )


def test_queue_lists_disputes_oldest_first(curator_client):
    later = disputed_return()
    earlier = disputed_return()
    _disputed_days_ago(earlier, 3)

    page = curator_client.get(reverse(QUEUE)).text

    assert '<span class="badge badge-pending">2</span>' in page
    first = page.index(reverse("curation:return", args=[earlier.pk]))
    assert first < page.index(reverse("curation:return", args=[later.pk]))


def test_item_page_shows_the_reason_the_rejection_and_the_dispute(curator_client):
    rr = disputed_return()
    photo = ReturnPhoto.objects.create(
        return_request=rr, image=ContentFile(image_bytes(), name="crack.jpg")
    )

    page = curator_client.get(reverse("curation:return", args=[rr.pk])).text

    assert f'src="{photo.image.url}"' in page
    for text in ("The lid was cracked.", "It left here intact.", "The box was crushed."):
        assert text in page
    assert 'value="overrule"' in page
    assert 'value="uphold"' in page


def test_overrule_accepts_the_return_with_one_audit_entry(curator_client, curator):
    rr = disputed_return()
    url = reverse("curation:return", args=[rr.pk])

    blank = curator_client.post(url, {"action": "overrule", "reason": " "})
    assert blank.status_code == 400
    assert ReturnRequest.objects.get(pk=rr.pk).status == R.DISPUTED

    response = curator_client.post(url, {"action": "overrule", "reason": "Photo shows damage."})

    assert response["Location"] == reverse(QUEUE)
    rr.refresh_from_db()
    assert (rr.status, rr.curator_note) == (R.ACCEPTED, "Photo shows damage.")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.reason) == (
        "return.overrule",
        curator,
        "Photo shows damage.",
    )
    assert entry.changes == {
        "curator_note": ["", "Photo shows damage."],
        "status": ["disputed", "accepted"],
    }


def test_uphold_keeps_the_rejection(curator_client):
    rr = disputed_return()

    curator_client.post(
        reverse("curation:return", args=[rr.pk]), {"action": "uphold", "reason": "Seal intact."}
    )

    rr.refresh_from_db()
    assert (rr.status, rr.curator_note) == (R.REJECTED, "Seal intact.")
    assert not rr.may_dispute
    assert AuditEntry.objects.get().action == "return.uphold"
    assert reverse("curation:return", args=[rr.pk]) not in curator_client.get(reverse(QUEUE)).text


def test_queue_queries_do_not_grow(curator_client, django_assert_num_queries):
    disputed_return()
    queries = session_queries() + 4  # + user, curator group, page count, returns
    with django_assert_num_queries(queries):
        curator_client.get(reverse(QUEUE))
    for _ in range(3):
        disputed_return()
    with django_assert_num_queries(queries):
        curator_client.get(reverse(QUEUE))


def test_item_page_queries_are_fixed(curator_client, django_assert_num_queries):
    rr = disputed_return()
    # + user, curator group, return with order, seller and buyer, photos, history with users
    with django_assert_num_queries(session_queries() + 6):
        curator_client.get(reverse("curation:return", args=[rr.pk]))
