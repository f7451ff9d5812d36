"""The reference-data loader, run on the real fixtures/ once for the whole module."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from catalog.models import Category, OdopProduct
from districts.models import District, State
from districts.reference_data import FIXTURES_DIR, load_reference_data


def _run_loader() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_run_output(django_db_setup, django_db_blocker):
    """Load the reference data once for this module, and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _run_loader()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(first_run_output, db):
    return first_run_output


def _csv_rows(name: str) -> list[dict[str, str]]:
    with open(FIXTURES_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def test_loader_creates_every_state_district_product_and_category(loaded):
    assert State.objects.count() == 36
    assert State.objects.filter(kind=State.Kind.UNION_TERRITORY).count() == 8
    assert District.objects.count() == 773
    assert OdopProduct.objects.count() == 1241
    assert Category.objects.count() == 9


def test_loader_prints_what_it_created(loaded):
    assert loaded.splitlines() == [
        "States and union territories: 36 created, 0 updated, 0 unchanged",
        "Districts: 773 created, 0 updated, 0 unchanged",
        "Categories: 9 created, 0 updated, 0 unchanged",
        "ODOP products: 1241 created, 0 updated, 0 unchanged",
        "GST rate rules: 0 created, 0 updated, 83 unchanged",  # a data migration loads them
        "Reference data loaded.",
    ]


def test_second_run_creates_and_changes_nothing_and_says_so(loaded):
    before = {
        "states": list(State.objects.order_by("pk").values()),
        "districts": list(District.objects.order_by("pk").values()),
        "products": list(OdopProduct.objects.order_by("pk").values()),
        "categories": list(Category.objects.order_by("pk").values()),
    }

    output = _run_loader()

    assert output.splitlines() == [
        "States and union territories: 0 created, 0 updated, 36 unchanged",
        "Districts: 0 created, 0 updated, 773 unchanged",
        "Categories: 0 created, 0 updated, 9 unchanged",
        "ODOP products: 0 created, 0 updated, 1241 unchanged",
        "GST rate rules: 0 created, 0 updated, 83 unchanged",
        "Reference data already up to date: nothing changed.",
    ]
    assert {
        "states": list(State.objects.order_by("pk").values()),
        "districts": list(District.objects.order_by("pk").values()),
        "products": list(OdopProduct.objects.order_by("pk").values()),
        "categories": list(Category.objects.order_by("pk").values()),
    } == before


def test_every_odop_product_belongs_to_the_district_of_the_official_list(loaded):
    official = {
        row["odop_id"]: int(row["lgd_district_code"]) for row in _csv_rows("odop_products.csv")
    }

    loaded_products = dict(OdopProduct.objects.values_list("odop_id", "district__lgd_code"))

    assert loaded_products == official


def test_every_district_has_at_least_one_odop_product(loaded):
    assert District.objects.filter(odop_products__isnull=True).count() == 0


def test_odop_product_category_matches_its_sector(loaded):
    mismatched = [
        p.odop_id
        for p in OdopProduct.objects.select_related("category")
        if p.category.sector != p.sector
    ]

    assert mismatched == []


def test_gi_flags_come_from_the_official_list(loaded):
    kannauj_perfume = OdopProduct.objects.get(district__name="Kannauj")

    assert OdopProduct.objects.filter(is_gi_tagged=True).count() == 256
    assert set(OdopProduct.objects.filter(is_gi_tagged=True).values_list("odop_id", flat=True)) == {
        row["odop_id"] for row in _csv_rows("gi_products.csv")
    }
    assert kannauj_perfume.name == "Kannauj Perfume"
    assert kannauj_perfume.is_gi_tagged is True


def test_every_state_and_union_territory_has_a_hindi_name(loaded):
    assert State.objects.filter(name_hi="").count() == 0
    assert State.objects.get(name="Uttar Pradesh").name_hi == "उत्तर प्रदेश"
    assert State.objects.get(name="Ladakh").name_hi == "लद्दाख"


def test_slugs_are_unique(loaded):
    for model in (State, District, OdopProduct, Category):
        slugs = list(model.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)), model.__name__


def test_district_names_used_in_two_states_get_state_qualified_slugs(loaded):
    aurangabads = dict(
        District.objects.filter(name="Aurangabad").values_list("state__name", "slug")
    )
    bilaspurs = dict(District.objects.filter(name="Bilaspur").values_list("state__name", "slug"))

    assert aurangabads == {"Bihar": "aurangabad-bihar", "Maharashtra": "aurangabad-maharashtra"}
    assert bilaspurs == {
        "Chhattisgarh": "bilaspur-chhattisgarh",
        "Himachal Pradesh": "bilaspur-himachal-pradesh",
    }
    assert District.objects.get(name="Kannauj").slug == "kannauj"
    assert State.objects.get(name="Uttar Pradesh").slug == "uttar-pradesh"


def test_renamed_rows_keep_their_slugs(loaded):
    district = District.objects.get(lgd_code=155)
    state = district.state
    district.name = "Kannauj (Itr Nagari)"
    district.save()
    state.name = "Uttar Pradesh (renamed)"
    state.save()

    load_reference_data()

    district.refresh_from_db()
    state.refresh_from_db()
    assert district.slug == "kannauj"
    assert state.slug == "uttar-pradesh"
    # The official name comes back; the URL never moved.
    assert district.name == "Kannauj"
    assert state.name == "Uttar Pradesh"


def test_curator_written_story_and_featured_flag_survive_a_reload(loaded):
    District.objects.filter(lgd_code=155).update(
        story="The perfume capital of India.", is_featured=True
    )

    load_reference_data()

    district = District.objects.get(lgd_code=155)
    assert district.story == "The perfume capital of India."
    assert district.is_featured is True


def test_gst_state_codes(loaded):
    codes = dict(State.objects.values_list("name", "gst_code"))

    assert codes["Ladakh"] == "38"
    assert codes["Andhra Pradesh"] == "37"
    assert codes["Dadra and Nagar Haveli and Daman and Diu"] == "26"
    assert codes["Jammu and Kashmir"] == "01"
    assert len(set(codes.values())) == 36


def test_utgst_applies_to_union_territories_without_a_legislature(loaded):
    utgst = set(State.objects.filter(uses_utgst=True).values_list("name", flat=True))

    assert utgst == {
        "Andaman and Nicobar Islands",
        "Chandigarh",
        "Dadra and Nagar Haveli and Daman and Diu",
        "Ladakh",
        "Lakshadweep",
    }
