"""Hindi ODOP product names: fixtures/odop_products_hi.csv, loaded like the district names."""

import pytest
from django.db import transaction

from catalog.models import OdopProduct
from districts.reference_data import load_reference_data
from tests.districts.test_district_hindi_names import _csv_rows


@pytest.fixture(scope="module")
def _reference_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_reference_data, db):
    """Each test runs in a savepoint inside the module's load, so its edits roll back."""


def test_every_distinct_product_name_has_a_hindi_name():
    english = {row["product_name"] for row in _csv_rows("odop_products.csv")}
    hindi = {row["product_name"]: row["name_hi"] for row in _csv_rows("odop_products_hi.csv")}
    assert set(hindi) == english
    not_hindi = [
        english_name
        for english_name, name in hindi.items()
        if not any("\u0900" <= ch <= "\u097f" for ch in name) and name != english_name
    ]
    assert not_hindi == []  # only acronyms (ESDM, FMCG) stay as they are


@pytest.mark.usefixtures("loaded")
def test_the_loader_fills_them_and_the_hindi_pages_show_them(client):
    product = OdopProduct.objects.get(name="Chikan Embroidery", district__name="Hooghly")
    assert product.name_hi == "चिकन कढ़ाई"
    assert not product.is_name_hi_reviewed  # waiting for a curator

    url = product.get_absolute_url()
    assert "<h1>चिकन कढ़ाई</h1>" in client.get(f"/hi{url}").text
    assert "<h1>Chikan Embroidery</h1>" in client.get(url).text


@pytest.mark.usefixtures("loaded")
def test_a_reload_keeps_a_curators_correction(curator):
    from curation.services.names import correct_hindi_name

    product = OdopProduct.objects.get(name="Chikan Embroidery", district__name="Hooghly")
    correct_hindi_name(actor=curator, obj=product, name_hi="हुगली की चिकन कढ़ाई")

    load_reference_data()

    product.refresh_from_db()
    assert product.name_hi == "हुगली की चिकन कढ़ाई"
