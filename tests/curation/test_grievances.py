"""The grievance officer's queue in /curate/: oldest first, overdue flagged, each step audited."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from curation.models import AuditEntry
from grievances import services
from grievances.models import Grievance
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
QUEUE_URL = reverse("curation:grievance-queue")


@pytest.fixture(autouse=True)
def _email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GRIEVANCE_OFFICER = {"name": "Gita Grievance", "email": "officer@example.test"}


def _file(user=None, *, days_ago=0, **kwargs):
    return services.file_grievance(
        filed_by=user or UserFactory(),
        role=Grievance.Role.BUYER,
        subject=kwargs.pop("subject", Grievance.Subject.REFUND),
        description=kwargs.pop("description", "My refund has not come."),
        now=timezone.now() - timedelta(days=days_ago),
    )


def _entries(grievance):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Grievance), object_id=str(grievance.pk)
    )


def _urls(grievance):
    return [
        ("get", QUEUE_URL),
        ("get", reverse("curation:grievance", args=[grievance.pk])),
        ("post", reverse("curation:grievance-acknowledge", args=[grievance.pk])),
        ("post", reverse("curation:grievance-resolve", args=[grievance.pk])),
        ("post", reverse("curation:grievance-close", args=[grievance.pk])),
        ("post", reverse("curation:grievance-bulk-acknowledge")),
    ]


def test_outsiders_get_403_and_change_nothing(client, outsiders):
    grievance = _file()
    for user in outsiders:
        client.force_login(user)
        for method, url in _urls(grievance):
            data = {"resolve-reason": "x", "close-reason": "x", "ids": [grievance.pk]}
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (user, url)
    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.OPEN
    assert not AuditEntry.objects.exists()


def test_anonymous_visitors_go_to_the_login_page(client):
    grievance = _file()
    for _method, url in _urls(grievance)[:2]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_queue_lists_pending_oldest_first_and_flags_overdue(curator_client):
    late_resolution = _file(days_ago=40)
    late_acknowledgement = _file(days_ago=3)
    fresh = _file(days_ago=0)
    services.acknowledge(grievance=late_resolution, by=UserFactory())
    done = _file(days_ago=50)
    services.resolve(grievance=done, by=UserFactory(), resolution="Done.")

    page = curator_client.get(QUEUE_URL).content.decode()

    positions = [page.index(g.reference) for g in (late_resolution, late_acknowledgement, fresh)]
    assert positions == sorted(positions)
    assert done.reference not in page
    assert "3 waiting" in page
    assert "1 not acknowledged within 48 hours" in page
    assert "1 past the one-month deadline" in page
    assert page.count('<tr class="overdue">') == 2
    assert page.count("Overdue</strong>") == 2


def test_home_counts_grievances_waiting(curator_client):
    _file()
    _file()

    page = curator_client.get(reverse("curation:home")).content.decode()

    assert (
        f'<a href="{QUEUE_URL}">Grievances</a> <span class="badge badge-pending">2</span>' in page
    )


def test_acknowledge_writes_one_audit_entry_and_tells_the_filer(
    curator, curator_client, django_capture_on_commit_callbacks
):
    grievance = _file()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            reverse("curation:grievance-acknowledge", args=[grievance.pk]), follow=True
        )

    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.ACKNOWLEDGED
    entry = _entries(grievance).get()
    assert (entry.actor, entry.action) == (curator, "grievance.acknowledge")
    assert entry.changes["status"] == ["open", "acknowledged"]
    assert [m.to for m in mail.outbox] == [[grievance.filed_by.email]]
    assert "Acknowledged; the filer is told by e-mail." in response.content.decode()


def test_resolve_needs_a_resolution_and_writes_one_audit_entry(curator, curator_client):
    grievance = _file()
    url = reverse("curation:grievance-resolve", args=[grievance.pk])

    empty = curator_client.post(url, {"resolve-reason": "  "})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()
    assert not _entries(grievance).exists()

    curator_client.post(url, {"resolve-reason": "Refund of ₹499 sent again; UTR 1234."})

    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.RESOLVED
    assert grievance.resolution == "Refund of ₹499 sent again; UTR 1234."
    entry = _entries(grievance).get()
    assert (entry.action, entry.reason) == ("grievance.resolve", grievance.resolution)
    assert entry.changes["status"] == ["open", "resolved"]


def test_close_writes_one_audit_entry(curator_client):
    grievance = _file()

    curator_client.post(
        reverse("curation:grievance-close", args=[grievance.pk]),
        {"close-reason": "Duplicate of an earlier grievance."},
    )

    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.CLOSED
    assert _entries(grievance).get().action == "grievance.close"


def test_a_step_that_is_not_allowed_is_a_message_not_an_error(curator_client):
    grievance = _file()
    services.resolve(grievance=grievance, by=UserFactory(), resolution="Done.")

    response = curator_client.post(
        reverse("curation:grievance-acknowledge", args=[grievance.pk]), follow=True
    )

    assert response.status_code == 200
    assert "A grievance that is resolved cannot become acknowledged." in response.content.decode()
    assert not _entries(grievance).exists()


def test_item_page_shows_the_complaint_thread_and_deadlines(curator_client):
    grievance = _file(description="The shawl arrived torn.")
    services.add_follow_up(grievance=grievance, author=grievance.filed_by, body="Photo attached.")

    page = curator_client.get(reverse("curation:grievance", args=[grievance.pk])).content.decode()

    assert "The shawl arrived torn." in page
    assert "Photo attached." in page
    assert "Acknowledgement due by" in page
    assert grievance.filed_by.email in page


def test_queue_and_item_queries_do_not_grow(
    curator_client, session_queries, django_assert_num_queries
):
    first = _file()
    curator_client.get(QUEUE_URL)
    item_url = reverse("curation:grievance", args=[first.pk])
    with django_assert_num_queries(5 + session_queries) as queue_before:
        curator_client.get(QUEUE_URL)
    with django_assert_num_queries(4 + session_queries) as item_before:
        curator_client.get(item_url)

    for _ in range(8):
        _file()
        services.add_follow_up(grievance=first, author=first.filed_by, body="More.")

    with django_assert_num_queries(len(queue_before.captured_queries)):
        curator_client.get(QUEUE_URL)
    with django_assert_num_queries(len(item_before.captured_queries)):
        curator_client.get(item_url)


def test_pages_render_in_hindi(curator_client):
    grievance = _file()

    assert curator_client.get(f"/hi{QUEUE_URL}").status_code == 200
    assert curator_client.get(f"/hi/curate/grievances/{grievance.pk}/").status_code == 200


def test_bulk_acknowledge_writes_one_audit_entry_each_and_skips_the_others(curator, curator_client):
    first, second = _file(), _file()
    resolved = _file()
    services.resolve(grievance=resolved, by=UserFactory(), resolution="Done.")
    untouched = _file()

    response = curator_client.post(
        reverse("curation:grievance-bulk-acknowledge"),
        {"ids": [first.pk, second.pk, resolved.pk]},
        follow=True,
    )

    statuses = dict(Grievance.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: "acknowledged",
        second.pk: "acknowledged",
        resolved.pk: "resolved",
        untouched.pk: "open",
    }
    assert sorted(AuditEntry.objects.values_list("object_id", "action")) == sorted(
        [(str(first.pk), "grievance.acknowledge"), (str(second.pk), "grievance.acknowledge")]
    )
    page = response.content.decode()
    assert "Done for 2 item(s)." in page
    assert f"{resolved.reference}: A grievance that is resolved cannot become acknowledged." in page


def test_bulk_acknowledge_with_nothing_ticked_is_a_message(curator_client):
    _file()

    response = curator_client.post(reverse("curation:grievance-bulk-acknowledge"), follow=True)

    assert "Tick at least one grievance." in response.content.decode()
    assert not AuditEntry.objects.exists()
