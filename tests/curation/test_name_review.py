"""/curate/names/: curators confirm or correct the Hindi names of districts, ODOP products,
states and categories."""

import pytest
from django.urls import reverse

from curation.models import AuditEntry
from tests.factories import CategoryFactory, DistrictFactory, OdopProductFactory, StateFactory

pytestmark = pytest.mark.django_db

DISTRICTS = reverse("curation:names-districts")
PRODUCTS = reverse("curation:names-products")


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_name_pages_refuse_everybody_but_curators(client, outsiders):
    district = DistrictFactory()
    for url in (DISTRICTS, PRODUCTS):
        assert client.get(url).status_code == 302  # anonymous: to the login page
        assert client.post(url, {"confirm_one": district.pk}).status_code == 302
        for user in outsiders:
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user)
            assert client.post(url, {"confirm_one": district.pk}).status_code == 403
        client.logout()

    district.refresh_from_db()
    assert district.name_hi_reviewed_at is None
    assert AuditEntry.objects.count() == 0


def test_queue_lists_unreviewed_districts_oldest_first_and_filters_by_state(curator_client):
    state = StateFactory(name="Uttar Pradesh", slug="uttar-pradesh")
    agra = DistrictFactory(state=state, name="Agra", name_hi="आगरा")
    kannauj = DistrictFactory(state=state, name="Kannauj", name_hi="कन्नौज")
    elsewhere = DistrictFactory(name="Kutch", name_hi="कच्छ")
    DistrictFactory(state=state, name="Reviewed Already", name_hi_reviewed_at="2026-11-01T10:00Z")

    all_rows = curator_client.get(DISTRICTS).context["rows"]
    up_rows = curator_client.get(DISTRICTS, {"state": "uttar-pradesh"}).context["rows"]

    assert [obj for obj, _value, _errors in all_rows] == [agra, kannauj, elsewhere]
    assert [obj for obj, _value, _errors in up_rows] == [agra, kannauj]


def test_curator_confirms_a_name_with_one_audit_entry_and_it_leaves_the_queue(
    curator_client, curator
):
    district = DistrictFactory(name="Agra", name_hi="आगरा")

    response = curator_client.post(DISTRICTS, {"confirm_one": district.pk}, follow=True)

    district.refresh_from_db()
    assert district.name_hi == "आगरा"
    assert district.name_hi_reviewed_by == curator
    assert district.name_hi_reviewed_at is not None
    [entry] = _entries("name_hi.confirm")
    assert entry.object_id == str(district.pk)
    assert entry.actor == curator
    assert entry.changes == {"name_hi_reviewed": [False, True]}
    assert AuditEntry.objects.count() == 1
    assert "Confirmed: Agra." in response.content.decode()
    assert response.context["rows"] == []


def test_reviewed_names_show_a_reviewed_mark(curator_client, curator):
    district = DistrictFactory(name="Agra", name_hi="आगरा")
    curator_client.post(DISTRICTS, {"confirm_one": district.pk})

    page = curator_client.get(DISTRICTS, {"status": "reviewed"}).content.decode()

    assert "Agra" in page
    assert "✓ Reviewed" in page
    assert curator.email in page


def test_curator_corrects_a_name_with_before_and_after_in_the_audit_log(curator_client, curator):
    district = DistrictFactory(name="Agra", name_hi="अगरा")

    curator_client.post(DISTRICTS, {"save_one": district.pk, f"name_hi_{district.pk}": "  आगरा  "})

    district.refresh_from_db()
    assert district.name_hi == "आगरा"
    assert district.name_hi_reviewed_by == curator
    [entry] = _entries("name_hi.correct")
    assert entry.changes == {"name_hi": ["अगरा", "आगरा"], "name_hi_reviewed": [False, True]}
    assert AuditEntry.objects.count() == 1


def test_a_reviewed_name_can_still_be_corrected(curator_client):
    district = DistrictFactory(name="Agra", name_hi="आगरा")
    curator_client.post(DISTRICTS, {"confirm_one": district.pk})

    curator_client.post(DISTRICTS, {"save_one": district.pk, f"name_hi_{district.pk}": "आगरा ज़िला"})

    district.refresh_from_db()
    assert district.name_hi == "आगरा ज़िला"
    assert [e.changes for e in _entries("name_hi.correct")] == [{"name_hi": ["आगरा", "आगरा ज़िला"]}]


def test_a_correction_not_in_devanagari_is_a_form_error_and_changes_nothing(curator_client):
    district = DistrictFactory(name="Agra", name_hi="आगरा")

    response = curator_client.post(
        DISTRICTS, {"save_one": district.pk, f"name_hi_{district.pk}": "Agra"}
    )

    assert response.status_code == 200
    assert "Write the name in Devanagari." in response.content.decode()
    assert 'value="Agra"' in response.content.decode()  # what was typed stays in the field
    district.refresh_from_db()
    assert district.name_hi == "आगरा"
    assert district.name_hi_reviewed_at is None
    assert AuditEntry.objects.count() == 0


def test_an_empty_or_too_long_correction_is_a_form_error(curator_client):
    district = DistrictFactory(name="Agra", name_hi="आगरा")

    for typed in ("", "आ" * 101):
        response = curator_client.post(
            DISTRICTS, {"save_one": district.pk, f"name_hi_{district.pk}": typed}
        )
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode()

    assert AuditEntry.objects.count() == 0


def test_bulk_confirm_writes_one_audit_entry_per_name(curator_client):
    districts = [DistrictFactory(name_hi=f"ज़िला {n}") for n in range(3)]
    untouched = DistrictFactory(name_hi="छोड़ा")

    response = curator_client.post(
        DISTRICTS, {"confirm_selected": "1", "ids": [d.pk for d in districts]}, follow=True
    )

    assert "Done for 3 item(s)." in response.content.decode()
    assert [e.object_id for e in _entries("name_hi.confirm")] == [str(d.pk) for d in districts]
    assert AuditEntry.objects.count() == 3
    untouched.refresh_from_db()
    assert untouched.name_hi_reviewed_at is None


def test_bulk_confirm_without_a_tick_says_so(curator_client):
    response = curator_client.post(DISTRICTS, {"confirm_selected": "1"}, follow=True)

    assert "Please tick at least one name." in response.content.decode()
    assert AuditEntry.objects.count() == 0


def test_confirming_twice_is_refused_the_second_time(curator_client):
    district = DistrictFactory(name="Agra", name_hi="आगरा")
    curator_client.post(DISTRICTS, {"confirm_one": district.pk})

    response = curator_client.post(DISTRICTS, {"confirm_one": district.pk}, follow=True)

    assert "was reviewed already" in response.content.decode()
    assert AuditEntry.objects.count() == 1


def test_an_odop_product_without_a_hindi_name_needs_one_written_not_confirmed(curator_client):
    product = OdopProductFactory(name="Kannauj Perfume", name_hi="")

    refused = curator_client.post(PRODUCTS, {"confirm_one": product.pk}, follow=True)
    curator_client.post(PRODUCTS, {"save_one": product.pk, f"name_hi_{product.pk}": "कन्नौज इत्र"})

    assert "has no Hindi name yet" in refused.content.decode()
    product.refresh_from_db()
    assert product.name_hi == "कन्नौज इत्र"
    assert product.is_name_hi_reviewed is True
    assert [e.action for e in AuditEntry.objects.all()] == ["name_hi.correct"]


def test_products_queue_filters_by_the_products_state(curator_client):
    state = StateFactory(slug="gujarat")
    mine = OdopProductFactory(district__state=state, name_hi="अजरख")
    OdopProductFactory(name_hi="दूसरा")

    rows = curator_client.get(PRODUCTS, {"state": "gujarat"}).context["rows"]

    assert [obj for obj, _value, _errors in rows] == [mine]


def test_workspace_home_counts_the_names_waiting(curator_client):
    DistrictFactory.create_batch(2)
    OdopProductFactory.create_batch(3)  # each with a district of its own: 5 districts in all

    page = curator_client.get(reverse("curation:home")).content.decode()

    assert "Hindi district names to review" in page
    assert "Hindi ODOP product names to review" in page
    counts = {queue.key: count for queue, count in curator_client.get("/curate/").context["queues"]}
    assert counts["district-hindi-names"] == 5
    assert counts["odop-hindi-names"] == 3


@pytest.mark.parametrize("url", [DISTRICTS, PRODUCTS])
def test_queue_query_count_does_not_grow_with_names(
    curator_client, url, django_assert_num_queries, session_queries
):
    OdopProductFactory.create_batch(2)
    curator_client.get(url)  # warm the session and content types
    with django_assert_num_queries(5 + session_queries):
        curator_client.get(url)

    OdopProductFactory.create_batch(30)
    with django_assert_num_queries(5 + session_queries):
        curator_client.get(url)


def test_queue_renders_in_hindi(curator_client):
    DistrictFactory(name_hi="आगरा")
    OdopProductFactory(name_hi="इत्र")

    assert curator_client.get("/hi/curate/names/").status_code == 200
    assert curator_client.get("/hi/curate/names/odop-products/").status_code == 200


def test_state_and_category_names_wait_for_review_and_a_confirmation_is_audited(
    curator_client, curator
):
    state = StateFactory(name="Uttar Pradesh", name_hi="उत्तर प्रदेश")
    category = CategoryFactory(name="Handicrafts", name_hi="हस्तशिल्प")

    state_rows = curator_client.get(reverse("curation:names-states")).context["rows"]
    category_rows = curator_client.get(reverse("curation:names-categories")).context["rows"]
    curator_client.post(reverse("curation:names-states"), {"confirm_one": state.pk})
    curator_client.post(
        reverse("curation:names-categories"),
        {f"name_hi_{category.pk}": "हाथ की कारीगरी", "save_one": category.pk},
    )

    assert state in [obj for obj, _value, _errors in state_rows]
    assert category in [obj for obj, _value, _errors in category_rows]
    state.refresh_from_db()
    category.refresh_from_db()
    assert (state.is_name_hi_reviewed, state.name_hi_reviewed_by) == (True, curator)
    assert (category.name_hi, category.is_name_hi_reviewed) == ("हाथ की कारीगरी", True)
    assert [e.object_id for e in _entries("name_hi.confirm")] == [str(state.pk)]
    assert [e.object_id for e in _entries("name_hi.correct")] == [str(category.pk)]
    assert curator_client.get(reverse("curation:names-states")).context["rows"] == []
