"""The audit log: written with the action, readable by curators, never changed or deleted."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from curation import audit
from curation.models import AuditEntry, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


def _entry(curator, seller, **kwargs):
    with transaction.atomic():
        return audit.record(
            actor=curator,
            action=kwargs.pop("action", "seller.verify"),
            obj=seller,
            changes=kwargs.pop("changes", {"status": ["submitted", "verified"]}),
            reason=kwargs.pop("reason", "Documents match."),
        )


def test_record_keeps_who_what_which_object_and_why(curator, seller):
    entry = _entry(curator, seller)
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == curator
    assert entry.action == "seller.verify"
    assert entry.object_id == str(seller.pk)
    assert entry.object_repr == str(seller)
    assert entry.content_type.model == "seller"
    assert entry.changes == {"status": ["submitted", "verified"]}
    assert entry.reason == "Documents match."


def test_record_refuses_to_run_outside_the_actions_transaction(curator, seller, settings):
    # pytest-django wraps each test in a transaction, so leave it for a moment.
    from django.db import connection

    atomic = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the action's transaction"):
            audit.record(actor=curator, action="seller.verify", obj=seller)
    finally:
        connection.in_atomic_block = atomic


def test_diff_lists_only_changed_fields_as_before_and_after():
    assert audit.diff({"a": 1, "b": "x"}, {"a": 2, "b": "x", "c": None}) == {"a": [1, 2]}


def test_entries_cannot_be_changed_or_deleted_through_the_orm(curator, seller):
    entry = _entry(curator, seller)
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Documents match."


def test_the_database_refuses_raw_updates_and_deletes(curator, seller):
    entry = _entry(curator, seller)
    from django.db import connection

    statements = ["UPDATE curation_auditentry SET reason = 'x' WHERE id = %s"]
    if connection.vendor == "postgresql":  # SQLite's flush deletes rows: there, updates only
        statements.append("DELETE FROM curation_auditentry WHERE id = %s")
    for sql in statements:
        with (
            pytest.raises((DatabaseError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Documents match."


def test_admin_shows_the_log_read_only_even_to_superusers(admin_client, curator, seller):
    entry = _entry(curator, seller)
    change_url = reverse("admin:curation_auditentry_change", args=[entry.pk])
    assert admin_client.get(reverse("admin:curation_auditentry_changelist")).status_code == 200
    response = admin_client.post(change_url, {"reason": "rewritten"})
    assert response.status_code == 403
    delete_url = reverse("admin:curation_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Documents match."


def test_curators_filter_the_log_by_action(curator_client, curator, seller, other_seller):
    _entry(curator, seller, action="seller.verify")
    _entry(curator, other_seller, action="seller.suspend", reason="Fake GI claim.")
    response = curator_client.get(reverse("curation:audit-log"), {"action": "seller.suspend"})
    page = response.content.decode()
    assert "Fake GI claim." in page
    assert "Documents match." not in page


def test_workspace_pages_refuse_everybody_but_curators(client, outsiders):
    for url in (reverse("curation:home"), reverse("curation:audit-log")):
        assert client.get(url).status_code == 302  # anonymous: to the login page
        for user in outsiders:
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user)
        client.logout()


def test_home_and_audit_log_render_for_curators_in_hindi_too(curator_client):
    assert curator_client.get("/curate/").status_code == 200
    response = curator_client.get("/hi/curate/audit/")
    assert response.status_code == 200
