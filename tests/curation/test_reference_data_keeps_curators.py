"""The loader (`manage.py load_reference_data`) and the ODOP import never undo a curator's work:
run on the real fixtures/, loaded once for the module."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from catalog import odop_import
from catalog.models import Category, OdopListImport, OdopProduct
from curation.services import names, registry
from districts.models import District, State
from districts.reference_data import FIXTURES_DIR, load_reference_data


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


def _run_loader() -> list[str]:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue().splitlines()


def _official_text() -> str:
    return Path(FIXTURES_DIR / "odop_products.csv").read_text(encoding="utf-8")


def test_loader_keeps_a_curators_hindi_district_name(loaded, curator):
    agra = District.objects.get(name="Agra")
    names.correct_hindi_name(actor=curator, obj=agra, name_hi="आगरा (ताज नगरी)")

    lines = _run_loader()

    agra.refresh_from_db()
    assert agra.name_hi == "आगरा (ताज नगरी)"
    assert agra.is_name_hi_reviewed
    assert "Districts: 0 created, 0 updated, 773 unchanged" in lines


def test_loader_keeps_a_curators_hindi_state_and_category_names(loaded, curator):
    state = State.objects.get(name="Uttar Pradesh")
    category = Category.objects.get(slug="handicrafts")
    names.correct_hindi_name(actor=curator, obj=state, name_hi="उत्तर प्रदेश राज्य")
    names.correct_hindi_name(actor=curator, obj=category, name_hi="हाथ का हुनर")

    _run_loader()

    state.refresh_from_db()
    category.refresh_from_db()
    assert (state.name_hi, state.is_name_hi_reviewed) == ("उत्तर प्रदेश राज्य", True)
    assert (category.name_hi, category.is_name_hi_reviewed) == ("हाथ का हुनर", True)


def test_loader_keeps_a_curators_edits_and_gi_status(loaded, curator):
    perfume = OdopProduct.objects.get(district__name="Kannauj")
    assert perfume.is_gi_tagged is True
    registry.edit_odop_product(
        actor=curator,
        product=perfume,
        values={"name": "Kannauj Attar", "is_gi_tagged": False},
        reason="Checked the GI journal",
    )
    names.correct_hindi_name(actor=curator, obj=perfume, name_hi="कन्नौज इत्र")

    lines = _run_loader()

    perfume.refresh_from_db()
    assert (perfume.name, perfume.is_gi_tagged, perfume.name_hi) == (
        "Kannauj Attar",
        False,
        "कन्नौज इत्र",
    )
    assert "ODOP products: 0 created, 0 updated, 1241 unchanged" in lines


def test_importing_the_fixture_list_after_the_loader_changes_nothing(
    loaded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        plan = odop_import.plan_import(text=_official_text())

    assert plan.errors == []
    assert (len(plan.created), len(plan.updated), plan.unchanged) == (0, 0, 1241)
    assert plan.has_changes is False


def test_loader_does_not_undo_an_imported_list(loaded, curator):
    text = _official_text().replace(",Kannauj Perfume,", ",Kannauj Perfume and Attar,")
    upload = odop_import.keep_upload(file_name="odop-2027.csv", text=text, by=curator)
    plan = odop_import.plan_import(text=upload.content)
    registry.apply_odop_import(actor=curator, upload=upload, fingerprint=plan.fingerprint)

    lines = _run_loader()

    assert OdopProduct.objects.get(district__name="Kannauj").name == "Kannauj Perfume and Attar"
    assert "ODOP products: 0 created, 0 updated, 1241 unchanged" in lines
    assert OdopListImport.objects.get().applied_changes["updated"] == {
        "ODOP-1119": {"name": ["Kannauj Perfume", "Kannauj Perfume and Attar"]}
    }
