"""Bulk forms of the workspace: ticked ids that are not ids, or too long for the database,
tick nothing; they never reach a query as an overflow (a 500)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
HUGE = "9" * 25


@pytest.mark.parametrize(
    "url_name",
    [
        "curation:seller-queue",
        "curation:listing-queue",
        "curation:gi-queue",
        "curation:email-bulk-retry",
        "curation:grievance-bulk-acknowledge",
        "curation:producer-stories-bulk",
        "curation:names-districts",
    ],
)
def test_a_bad_or_overflowing_id_is_refused_with_a_message_not_a_500(curator_client, url_name):
    response = curator_client.post(
        reverse(url_name), {"ids": [HUGE, "x", "-1"], "action": "publish", "reason": "r"}
    )
    assert response.status_code in (200, 302, 400)
