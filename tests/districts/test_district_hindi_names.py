"""Hindi district names: fixtures/districts_hi.csv, loaded once for the module like the others."""

import csv
import re
from collections import Counter

import pytest
from django.db import transaction

from districts.models import District
from districts.reference_data import FIXTURES_DIR, load_reference_data

DEVANAGARI_NAME = re.compile(r"[\u0900-\u097F0-9 .()\-]+")


def _csv_rows(name: str) -> list[dict[str, str]]:
    with open(FIXTURES_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@pytest.fixture(scope="module")
def _reference_data(django_db_setup, django_db_blocker):
    """Load the reference data once for this module, and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_reference_data, db):
    """Each test runs in its own savepoint inside the module's load, so its edits roll back."""


# --- The file -----------------------------------------------------------------------------


def test_file_has_every_district_once_in_the_order_of_districts_csv():
    districts = _csv_rows("districts.csv")
    hindi = _csv_rows("districts_hi.csv")

    codes = [row["lgd_district_code"] for row in hindi]
    assert list(hindi[0]) == ["lgd_district_code", "district_name", "name_hi"]
    assert len(hindi) == 773
    assert [code for code, n in Counter(codes).items() if n > 1] == []
    assert codes == [row["lgd_district_code"] for row in districts]
    assert [row["district_name"] for row in hindi] == [row["district_name"] for row in districts]


def test_every_hindi_name_is_written_in_devanagari():
    not_devanagari = [
        (row["district_name"], row["name_hi"])
        for row in _csv_rows("districts_hi.csv")
        if row["name_hi"] != row["name_hi"].strip()
        or not DEVANAGARI_NAME.fullmatch(row["name_hi"])
        or not re.search(r"[\u0900-\u097F]", row["name_hi"])
    ]

    assert not_devanagari == []


def test_well_known_districts_are_spelled_as_in_hindi():
    hindi = {row["district_name"]: row["name_hi"] for row in _csv_rows("districts_hi.csv")}

    assert hindi["Kannauj"] == "कन्नौज"
    assert hindi["Moradabad"] == "मुरादाबाद"
    assert hindi["West Jaintia Hills"] == "पश्चिम जयंतिया हिल्स"
    assert hindi["Leh Ladakh"] == "लेह लद्दाख"
    assert hindi["24 Paraganas North"] == "उत्तर 24 परगना"
    assert hindi["Dinajpur Dakshin"] == "दक्षिण दिनाजपुर"
    assert hindi["Y.S.R."] == "वाई.एस.आर."
    assert hindi["Mysuru"] == "मैसूरु"
    assert hindi["Kanchipuram"] == "कांचीपुरम"
    assert hindi["Varanasi"] == "वाराणसी"


# --- Loading ------------------------------------------------------------------------------


def test_every_district_gets_its_hindi_name_from_the_file(loaded):
    from_file = {
        int(row["lgd_district_code"]): row["name_hi"] for row in _csv_rows("districts_hi.csv")
    }

    loaded_names = dict(District.objects.values_list("lgd_code", "name_hi"))

    assert len(loaded_names) == 773
    assert loaded_names == from_file
    assert District.objects.filter(name_hi="").count() == 0
    assert all(DEVANAGARI_NAME.fullmatch(name) for name in loaded_names.values())
    assert District.objects.get(name="Kannauj").name_hi == "कन्नौज"


def test_a_curators_hindi_name_survives_a_reload(loaded):
    District.objects.filter(lgd_code=155).update(name_hi="कन्नौज (इत्र नगरी)")

    report = load_reference_data()

    assert District.objects.get(lgd_code=155).name_hi == "कन्नौज (इत्र नगरी)"
    assert report.counts["Districts"] == {"created": 0, "updated": 0, "unchanged": 773}


def test_an_empty_hindi_name_is_filled_on_reload_and_counted_as_updated(loaded):
    District.objects.filter(lgd_code__in=[155, 171]).update(name_hi="")

    report = load_reference_data()

    assert dict(
        District.objects.filter(lgd_code__in=[155, 171]).values_list("lgd_code", "name_hi")
    ) == {
        155: "कन्नौज",
        171: "मुरादाबाद",
    }
    assert report.counts["Districts"] == {"created": 0, "updated": 2, "unchanged": 771}


def test_a_database_loaded_before_the_hindi_names_picks_them_all_up_once(loaded):
    District.objects.update(name_hi="")

    first = load_reference_data()
    second = load_reference_data()

    assert District.objects.filter(name_hi="").count() == 0
    assert first.counts["Districts"] == {"created": 0, "updated": 773, "unchanged": 0}
    assert second.counts["Districts"] == {"created": 0, "updated": 0, "unchanged": 773}
    assert not second.changed_anything


def test_a_reload_fills_only_the_hindi_name_and_keeps_the_rest(loaded):
    District.objects.filter(lgd_code=155).update(
        name_hi="", story="The perfume capital of India.", is_featured=True
    )

    load_reference_data()

    district = District.objects.get(lgd_code=155)
    assert (district.name_hi, district.story, district.is_featured, district.slug) == (
        "कन्नौज",
        "The perfume capital of India.",
        True,
        "kannauj",
    )


# --- The Hindi pages ----------------------------------------------------------------------


def test_hindi_district_page_shows_the_loaded_hindi_name(loaded, client):
    response = client.get("/hi/districts/kannauj/")

    assert response.status_code == 200
    assert '<h1>कन्नौज <span class="alt-name">उत्तर प्रदेश</span></h1>' in response.content.decode()


def test_english_district_page_keeps_the_english_name(loaded, client):
    response = client.get("/districts/kannauj/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Kannauj" in html
    assert "कन्नौज" not in html
