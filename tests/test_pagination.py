import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 2 listings, counted up to 4: the rules of 24 and 1,200 on a small catalogue."""
    monkeypatch.setattr("odop_bazaar.pagination.PAGE_SIZE", 2)
    monkeypatch.setattr("odop_bazaar.pagination.STOREFRONT_COUNT_CAP", 4)


def test_a_big_result_is_counted_only_up_to_the_cap(small_pages, client):
    first = ListingFactory(title="Brass lamp 1")
    for n in range(2, 7):
        ListingFactory(title=f"Brass lamp {n}", seller=first.seller, district=first.district)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/")

    html = response.content.decode()
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 5" in counts[0]  # never a COUNT(*) over the whole catalogue
    assert "More than 4 results" in html
    assert "Page 1 of 2" in html
    assert response.context["page"].paginator.num_pages == 2


def test_a_result_under_the_cap_is_counted_exactly(small_pages, client):
    first = ListingFactory(title="Brass lamp 1")
    for n in range(2, 5):
        ListingFactory(title=f"Brass lamp {n}", seller=first.seller, district=first.district)

    html = client.get("/search/").content.decode()

    assert "4 results" in html
    assert "More than" not in html


def test_a_page_past_the_cap_shows_the_last_counted_page(small_pages, client):
    first = ListingFactory(title="Brass lamp 1")
    for n in range(2, 8):
        ListingFactory(title=f"Brass lamp {n}", seller=first.seller, district=first.district)

    response = client.get(f"{first.district.get_absolute_url()}?page=4")

    assert response.status_code == 200
    assert response.context["page"].number == 2


def test_a_search_with_no_word_to_rank_by_is_counted(small_pages, client):
    ListingFactory(title="Brass lamp")

    response = client.get("/search/", {"q": "☃", "sort": "relevance"})

    assert response.status_code == 200
