"""/curate/odop-products/: the ODOP registry. Search, edit, and import an updated official list
(preview, apply, the same file again, malformed files)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import odop_import
from catalog.models import Listing, OdopListImport, OdopProduct
from curation.models import AuditEntry
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ListingFactory,
    OdopProductFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("curation:odop-product-list")
IMPORT = reverse("curation:odop-import")
COLUMNS = [
    "odop_id",
    "state_name",
    "state_iso",
    "district_name",
    "lgd_district_code",
    "source_district_name",
    "product_name",
    "category",
    "sector",
    "gi_tagged",
    "ministry_department",
    "join_status",
]


def _edit_url(product: OdopProduct) -> str:
    return reverse("curation:odop-product-edit", args=[product.pk])


def _csv(rows: list[dict], columns: list[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _row(product_or_id, district, name, sector, rank="Primary", gi="no", ministry="DC Handicrafts"):
    odop_id = getattr(product_or_id, "odop_id", product_or_id)
    return {
        "odop_id": odop_id,
        "state_name": district.state.name,
        "state_iso": district.state.iso_code,
        "district_name": district.name,
        "lgd_district_code": str(district.lgd_code),
        "source_district_name": district.name,
        "product_name": name,
        "category": rank,
        "sector": sector,
        "gi_tagged": gi,
        "ministry_department": ministry,
        "join_status": "joined",
    }


@pytest.fixture
def world(db):
    """Two districts, two sectors, three products as the official list has them."""
    agra = DistrictFactory(name="Agra", lgd_code=90101)
    kutch = DistrictFactory(name="Kutch", lgd_code=90102)
    crafts = CategoryFactory(name="Crafts", sector="Handicraft")
    food = CategoryFactory(name="Food", sector="Food Processing")
    products = {
        "leather": OdopProductFactory(
            odop_id="ODOP-9001", district=agra, name="Leather Products", category=crafts
        ),
        "petha": OdopProductFactory(
            odop_id="ODOP-9002", district=agra, name="Petha", category=food, rank="secondary"
        ),
        "ajrakh": OdopProductFactory(
            odop_id="ODOP-9003", district=kutch, name="Ajrakh", category=crafts, is_gi_tagged=True
        ),
    }
    for product in products.values():
        product.ministry = "DC Handicrafts"
        product.save()
    return {"agra": agra, "kutch": kutch, "crafts": crafts, "food": food, **products}


def _official_rows(world) -> list[dict]:
    """The list exactly as the registry holds it."""
    return [
        _row(world["leather"], world["agra"], "Leather Products", "Handicraft"),
        _row(world["petha"], world["agra"], "Petha", "Food Processing", rank="Secondary"),
        _row(world["ajrakh"], world["kutch"], "Ajrakh", "Handicraft", gi="yes"),
    ]


def _updated_rows(world) -> list[dict]:
    """A newer list: Petha is GI-tagged and renamed, Kutch gets a new product."""
    rows = _official_rows(world)
    rows[1] = _row(world["petha"], world["agra"], "Agra Petha", "Food Processing", gi="yes")
    rows.append(_row("ODOP-9004", world["kutch"], "Kutch Embroidery", "Handicraft", gi="yes"))
    return rows


def _upload(client, text: str | bytes, name: str = "odop-2027.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def _registry_state() -> list[dict]:
    return list(OdopProduct.objects.order_by("odop_id").values())


# --- Access -------------------------------------------------------------------------------


def test_registry_pages_refuse_everybody_but_curators(client, outsiders, world):
    upload = OdopListImport.objects.create(
        file_name="x.csv", content=_csv(_updated_rows(world)), uploaded_by=outsiders[0]
    )
    pages = [LIST, _edit_url(world["petha"]), IMPORT]
    pages.append(reverse("curation:odop-import-preview", args=[upload.pk]))
    apply_url = reverse("curation:odop-import-apply", args=[upload.pk])
    before = _registry_state()
    for url in pages:
        assert client.get(url).status_code == 302, url
    for user in outsiders:
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403, (url, user)
        assert client.post(_edit_url(world["petha"]), {"name": "X"}).status_code == 403
        assert client.post(apply_url, {"fingerprint": "x"}).status_code == 403
        assert _upload(client, _csv(_updated_rows(world))).status_code == 403

    assert _registry_state() == before
    assert OdopListImport.objects.count() == 1
    assert AuditEntry.objects.count() == 0


# --- List and search ----------------------------------------------------------------------


def test_list_searches_by_name_district_state_and_gi(curator_client, world):
    def shown(**query) -> list[str]:
        page = curator_client.get(LIST, query).context["page"]
        return sorted(p.odop_id for p in page.object_list)

    assert shown() == ["ODOP-9001", "ODOP-9002", "ODOP-9003"]
    assert shown(q="petha") == ["ODOP-9002"]
    assert shown(q="ODOP-9003") == ["ODOP-9003"]
    assert shown(district="kut") == ["ODOP-9003"]
    assert shown(state=world["agra"].state.pk) == ["ODOP-9001", "ODOP-9002"]
    assert shown(gi="true") == ["ODOP-9003"]
    assert shown(gi="false") == ["ODOP-9001", "ODOP-9002"]


def test_list_query_count_does_not_grow_with_products(
    curator_client, django_assert_num_queries, session_queries
):
    OdopProductFactory.create_batch(2)
    curator_client.get(LIST)
    with django_assert_num_queries(5 + session_queries):
        curator_client.get(LIST)

    OdopProductFactory.create_batch(30)
    with django_assert_num_queries(5 + session_queries):
        curator_client.get(LIST)


def test_registry_renders_in_hindi(curator_client, world):
    edit_url = _edit_url(world["petha"])
    assert curator_client.get("/hi/curate/odop-products/").status_code == 200
    assert curator_client.get(f"/hi{edit_url}").status_code == 200
    assert curator_client.get("/hi/curate/odop-products/import/").status_code == 200


# --- Edit ---------------------------------------------------------------------------------


def _edit_form(product: OdopProduct, **changes) -> dict:
    data = {
        "name": product.name,
        "sector": product.sector,
        "rank": product.rank,
        "ministry": product.ministry,
        "is_gi_tagged": "yes" if product.is_gi_tagged else "no",
        "reason": "",
    }
    return {**data, **changes}


def test_edit_saves_marks_the_fields_as_the_curators_and_audits_before_and_after(
    curator_client, curator, world
):
    petha = world["petha"]

    response = curator_client.post(
        _edit_url(petha),
        _edit_form(petha, name="Agra Petha", is_gi_tagged="yes", reason="GI journal 2027"),
    )

    assert response.status_code == 302
    petha.refresh_from_db()
    assert petha.name == "Agra Petha"
    assert petha.is_gi_tagged is True
    assert petha.curated_fields == ["is_gi_tagged", "name"]
    [entry] = AuditEntry.objects.all()
    assert entry.action == "odop.edit"
    assert entry.actor == curator
    assert entry.object_id == str(petha.pk)
    assert entry.changes == {
        "curated_fields": [[], ["is_gi_tagged", "name"]],
        "is_gi_tagged": [False, True],
        "name": ["Petha", "Agra Petha"],
    }
    assert entry.reason == "GI journal 2027"


def test_changing_the_sector_moves_the_category_and_the_listings_with_it(curator_client, world):
    petha = world["petha"]
    listing = ListingFactory(odop_product=petha)

    curator_client.post(_edit_url(petha), _edit_form(petha, sector="Handicraft"))

    petha.refresh_from_db()
    listing.refresh_from_db()
    assert petha.category == world["crafts"]
    assert listing.category == world["crafts"]
    assert sorted(petha.curated_fields) == ["sector"]
    [entry] = AuditEntry.objects.all()
    assert entry.changes == {
        "category": ["Food", "Crafts"],
        "curated_fields": [[], ["sector"]],
        "sector": ["Food Processing", "Handicraft"],
    }


def test_renaming_a_product_refreshes_its_listings_search_document(curator_client, world):
    listing = ListingFactory(odop_product=world["petha"])

    curator_client.post(_edit_url(world["petha"]), _edit_form(world["petha"], name="Agra Petha"))

    assert "Agra Petha" in Listing.objects.get(pk=listing.pk).search_document


def test_a_curator_hands_a_field_back_to_the_official_list(curator_client, world):
    ajrakh = world["ajrakh"]
    curator_client.post(_edit_url(ajrakh), _edit_form(ajrakh, is_gi_tagged="no"))
    ajrakh.refresh_from_db()

    curator_client.post(_edit_url(ajrakh), _edit_form(ajrakh, release=["is_gi_tagged"]))
    preview = _preview(curator_client, _csv(_official_rows(world)))

    ajrakh.refresh_from_db()
    assert ajrakh.curated_fields == []
    assert [e.changes for e in AuditEntry.objects.order_by("pk")][1] == {
        "curated_fields": [["is_gi_tagged"], []]
    }
    # The next import sets GI status from the list again.
    assert [c.changes for c in preview.context["plan"].updated] == [{"GI-tagged": ("no", "yes")}]


def test_changing_a_field_and_handing_it_back_at_once_is_a_form_error(curator_client, world):
    ajrakh = world["ajrakh"]
    curator_client.post(_edit_url(ajrakh), _edit_form(ajrakh, is_gi_tagged="no"))
    ajrakh.refresh_from_db()

    response = curator_client.post(
        _edit_url(ajrakh), _edit_form(ajrakh, is_gi_tagged="yes", release=["is_gi_tagged"])
    )

    assert response.status_code == 200
    assert "Change a field or hand it back, not both." in response.content.decode()
    assert OdopProduct.objects.get(pk=ajrakh.pk).is_gi_tagged is False
    assert AuditEntry.objects.count() == 1


def test_edit_that_changes_nothing_writes_nothing(curator_client, world):
    response = curator_client.post(
        _edit_url(world["petha"]), _edit_form(world["petha"]), follow=True
    )

    assert "Nothing changed." in response.content.decode()
    assert AuditEntry.objects.count() == 0
    assert OdopProduct.objects.get(pk=world["petha"].pk).curated_fields == []


def test_edit_to_a_name_the_district_already_has_is_a_form_error(curator_client, world):
    response = curator_client.post(
        _edit_url(world["petha"]), _edit_form(world["petha"], name="Leather Products")
    )

    assert response.status_code == 200
    assert "already has an ODOP product named Leather Products" in response.content.decode()
    assert OdopProduct.objects.get(pk=world["petha"].pk).name == "Petha"
    assert AuditEntry.objects.count() == 0


def test_edit_with_bad_values_is_a_form_error(curator_client, world):
    response = curator_client.post(
        _edit_url(world["petha"]), _edit_form(world["petha"], sector="Nope", rank="first")
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"sector", "rank"}
    assert AuditEntry.objects.count() == 0


# --- Import: preview, apply, again --------------------------------------------------------


def _preview(client, text: str, name: str = "odop-2027.csv"):
    response = _upload(client, text, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_preview_lists_what_would_change_and_writes_nothing(curator_client, world):
    before = _registry_state()

    response = _preview(curator_client, _csv(_updated_rows(world)))

    plan = response.context["plan"]
    assert [c.odop_id for c in plan.created] == ["ODOP-9004"]
    assert [(c.odop_id, c.changes) for c in plan.updated] == [
        (
            "ODOP-9002",
            {
                "name": ("Petha", "Agra Petha"),
                "GI-tagged": ("no", "yes"),
                "rank in the district": ("secondary", "primary"),
            },
        )
    ]
    assert plan.unchanged == 2
    page = response.content.decode()
    assert "1 product to create" in page
    assert "1 product to update" in page
    assert "2 products unchanged" in page
    assert "Petha → Agra Petha" in page
    assert "Kutch Embroidery" in page
    assert _registry_state() == before
    assert AuditEntry.objects.count() == 0


def test_apply_writes_the_preview_in_one_go_with_one_audit_entry(curator_client, curator, world):
    preview = _preview(curator_client, _csv(_updated_rows(world)))
    upload = preview.context["upload"]

    response = curator_client.post(
        reverse("curation:odop-import-apply", args=[upload.pk]),
        {"fingerprint": preview.context["plan"].fingerprint},
        follow=True,
    )

    assert "Imported odop-2027.csv: 1 created, 1 updated, 2 unchanged." in response.content.decode()
    petha = OdopProduct.objects.get(odop_id="ODOP-9002")
    assert (petha.name, petha.is_gi_tagged, petha.rank) == ("Agra Petha", True, "primary")
    new = OdopProduct.objects.get(odop_id="ODOP-9004")
    assert (new.name, new.district, new.category, new.is_gi_tagged) == (
        "Kutch Embroidery",
        world["kutch"],
        world["crafts"],
        True,
    )
    assert new.slug == "kutch-embroidery"
    assert new.list_imported_at is not None
    [entry] = AuditEntry.objects.all()
    assert entry.action == "odop.import"
    assert entry.actor == curator
    assert entry.reason == "odop-2027.csv"
    assert entry.object_id == str(upload.pk)
    assert entry.changes == {
        "created": [None, 1],
        "updated": [None, 1],
        "unchanged": [None, 2],
        "kept_curator_values": [None, 0],
    }
    upload.refresh_from_db()
    assert upload.applied_changes["created"] == ["ODOP-9004"]
    assert upload.applied_changes["updated"]["ODOP-9002"]["name"] == ["Petha", "Agra Petha"]


def _apply(client, text: str):
    preview = _preview(client, text)
    return client.post(
        reverse("curation:odop-import-apply", args=[preview.context["upload"].pk]),
        {"fingerprint": preview.context["plan"].fingerprint},
        follow=True,
    )


def test_importing_the_same_file_again_changes_nothing(curator_client, world):
    text = _csv(_updated_rows(world))
    _apply(curator_client, text)
    after_first = _registry_state()

    preview = _preview(curator_client, text)
    response = curator_client.post(
        reverse("curation:odop-import-apply", args=[preview.context["upload"].pk]),
        {"fingerprint": preview.context["plan"].fingerprint},
        follow=True,
    )

    plan = preview.context["plan"]
    assert (len(plan.created), len(plan.updated), plan.unchanged) == (0, 0, 4)
    assert "This list changes nothing" in preview.content.decode()
    assert "Apply these changes" not in preview.content.decode()
    assert "there is nothing to apply" in response.content.decode()
    assert _registry_state() == after_first
    assert AuditEntry.objects.count() == 1  # the first import only


def test_an_upload_is_applied_once(curator_client, world):
    preview = _preview(curator_client, _csv(_updated_rows(world)))
    apply_url = reverse("curation:odop-import-apply", args=[preview.context["upload"].pk])
    fingerprint = preview.context["plan"].fingerprint
    curator_client.post(apply_url, {"fingerprint": fingerprint})

    response = curator_client.post(apply_url, {"fingerprint": fingerprint}, follow=True)

    assert "This file was imported already." in response.content.decode()
    assert AuditEntry.objects.count() == 1


def test_a_stale_preview_is_refused_and_nothing_is_applied(curator_client, world):
    preview = _preview(curator_client, _csv(_updated_rows(world)))
    # Meanwhile another curator edits Petha: the plan the first one saw is not the plan now.
    OdopProduct.objects.filter(pk=world["petha"].pk).update(rank="tertiary")
    before = _registry_state()

    response = curator_client.post(
        reverse("curation:odop-import-apply", args=[preview.context["upload"].pk]),
        {"fingerprint": preview.context["plan"].fingerprint},
        follow=True,
    )

    assert "The registry changed since the preview" in response.content.decode()
    assert _registry_state() == before
    assert AuditEntry.objects.count() == 0
    assert OdopListImport.objects.get().applied_at is None


def test_import_keeps_a_curators_values_and_the_preview_says_so(curator_client, world):
    petha = world["petha"]
    curator_client.post(_edit_url(petha), _edit_form(petha, name="Petha Sweets", is_gi_tagged="no"))
    curator_client.post(
        reverse("curation:names-products"),
        {"save_one": petha.pk, f"name_hi_{petha.pk}": "पेठा"},
    )

    preview = _preview(curator_client, _csv(_updated_rows(world)))
    _apply(curator_client, _csv(_updated_rows(world)))

    plan = preview.context["plan"]
    [kept] = plan.kept
    assert kept.odop_id == "ODOP-9002"
    assert kept.kept == {"name": ("Petha Sweets", "Agra Petha")}
    assert [c.changes for c in plan.updated] == [
        {"GI-tagged": ("no", "yes"), "rank in the district": ("secondary", "primary")}
    ]
    assert "values kept" in preview.content.decode()
    petha.refresh_from_db()
    assert petha.name == "Petha Sweets"  # the curator's
    assert petha.name_hi == "पेठा"
    assert petha.is_gi_tagged is True  # the list's: the curator had not changed GI status


def test_import_keeps_a_curators_gi_status(curator_client, world):
    ajrakh = world["ajrakh"]
    curator_client.post(_edit_url(ajrakh), _edit_form(ajrakh, is_gi_tagged="no"))
    rows = _official_rows(world)  # the list says Ajrakh is GI-tagged

    preview = _preview(curator_client, _csv(rows))

    assert preview.context["plan"].has_changes is False
    assert preview.context["plan"].kept[0].kept == {"GI-tagged": ("no", "yes")}
    assert OdopProduct.objects.get(pk=ajrakh.pk).is_gi_tagged is False


def test_preview_query_count_does_not_grow_with_rows(
    curator_client, curator, world, django_assert_num_queries, session_queries
):
    upload = OdopListImport.objects.create(
        file_name="x.csv", content=_csv(_updated_rows(world)), uploaded_by=curator
    )
    url = reverse("curation:odop-import-preview", args=[upload.pk])
    curator_client.get(url)
    with django_assert_num_queries(7 + session_queries):
        curator_client.get(url)

    more = [_row(f"ODOP-95{n:02d}", world["kutch"], f"Craft {n}", "Handicraft") for n in range(30)]
    upload.content = _csv(_updated_rows(world) + more)
    upload.save()
    with django_assert_num_queries(7 + session_queries):
        curator_client.get(url)


# --- Import: malformed files --------------------------------------------------------------


def _report(client, data: str | bytes) -> list[tuple[int, str, str]]:
    response = _upload(client, data)
    assert response.status_code == 200
    plan = response.context["plan"]
    if plan is None:
        return [(0, "", str(response.context["form"].errors["file"][0]))]
    assert "Bad rows: nothing was imported" in response.content.decode()
    return [(e.line, e.odop_id, e.message) for e in plan.errors]


def _nothing_applied(before: list[dict]) -> None:
    assert _registry_state() == before
    assert OdopListImport.objects.count() == 0
    assert AuditEntry.objects.filter(action="odop.import").count() == 0


def test_missing_columns_are_reported_and_nothing_applied(curator_client, world):
    before = _registry_state()
    columns = [c for c in COLUMNS if c not in ("gi_tagged", "sector")]

    report = _report(curator_client, _csv(_updated_rows(world), columns))

    assert report == [(1, "", "missing columns: sector, gi_tagged")]
    _nothing_applied(before)


def test_bad_rows_are_reported_with_their_line_numbers_and_nothing_applied(curator_client, world):
    before = _registry_state()
    rows = _updated_rows(world)  # lines 2-5 are good
    rows.append(
        {**_row("ODOP-9005", world["agra"], "Marble", "Handicraft"), "lgd_district_code": "99999"}
    )
    rows.append({**_row("ODOP-9006", world["agra"], "Durrie", "Handicraft"), "gi_tagged": "maybe"})
    rows.append(_row("ODOP-9001", world["agra"], "Shoes", "Handicraft"))  # duplicate odop_id
    rows.append({**_row("ODOP-9007", world["agra"], "Rugs", "Handicraft"), "category": "First"})
    rows.append(_row("ODOP-9008", world["agra"], "Toys", "Toys"))  # unknown sector
    rows.append(_row("ODOP-9009", world["agra"], "", "Handicraft"))
    rows.append(_row("ODOP-9010", world["kutch"], "Kutch Embroidery", "Handicraft"))

    report = _report(curator_client, _csv(rows))

    assert report == [
        (6, "ODOP-9005", "no district has LGD code 99999"),
        (7, "ODOP-9006", "gi_tagged 'maybe' is not yes or no"),
        (8, "ODOP-9001", "odop_id ODOP-9001 is also on line 2"),
        (9, "ODOP-9007", "category 'First' is not one of Primary, Secondary, Tertiary, Others"),
        (10, "ODOP-9008", "unknown sector 'Toys'"),
        (11, "ODOP-9009", "product_name is empty"),
        (12, "ODOP-9010", "Kutch already has 'Kutch Embroidery' on line 5"),
    ]
    _nothing_applied(before)


def test_a_name_taken_by_a_product_outside_the_file_is_a_bad_row(curator_client, world):
    before = _registry_state()
    rows = [_row("ODOP-9011", world["agra"], "Petha", "Food Processing")]

    report = _report(curator_client, _csv(rows))

    assert report == [(2, "ODOP-9011", "ODOP-9002 already has this name in this district")]
    _nothing_applied(before)


def test_a_name_a_curator_gave_another_product_is_a_bad_row(curator_client, world):
    leather = world["leather"]
    curator_client.post(_edit_url(leather), _edit_form(leather, name="Agra Shoes"))
    before = _registry_state()
    rows = _official_rows(world)
    rows[1] = _row(world["petha"], world["agra"], "Agra Shoes", "Food Processing", rank="Secondary")

    report = _report(curator_client, _csv(rows))

    assert report == [(3, "ODOP-9002", "ODOP-9001 already has this name in this district")]
    _nothing_applied(before)


def test_moving_a_product_with_listings_to_another_district_is_a_bad_row(curator_client, world):
    ListingFactory(odop_product=world["petha"])
    before = _registry_state()
    rows = _official_rows(world)
    rows[1] = _row(world["petha"], world["kutch"], "Petha", "Food Processing", rank="Secondary")

    report = _report(curator_client, _csv(rows))

    assert report == [
        (3, "ODOP-9002", "moves Petha out of Agra, which has listings of it; change it by hand")
    ]
    _nothing_applied(before)


def test_a_row_with_too_few_fields_is_reported(curator_client, world):
    before = _registry_state()
    text = _csv(_official_rows(world)) + "ODOP-9012,Gujarat,IN-GJ\n"

    assert _report(curator_client, text) == [(5, "ODOP-9012", "3 fields, the header has 12")]
    _nothing_applied(before)


def test_a_file_that_is_not_utf8_is_refused(curator_client, world):
    before = _registry_state()
    data = _csv(_updated_rows(world)).replace("Agra Petha", "Agra Pethé").encode("latin-1")

    [(_line, _id, message)] = _report(curator_client, data)

    assert message.startswith("The file is not UTF-8 text")
    _nothing_applied(before)


def test_a_file_that_is_too_big_is_refused(curator_client, world, monkeypatch):
    monkeypatch.setattr(odop_import, "MAX_FILE_BYTES", 200)
    before = _registry_state()

    [(_line, _id, message)] = _report(curator_client, _csv(_updated_rows(world)))

    assert message == "The file is larger than the limit of 200 bytes."
    _nothing_applied(before)


def test_an_empty_file_is_refused(curator_client, world):
    before = _registry_state()

    response = _upload(curator_client, b"")

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    _nothing_applied(before)


def test_a_header_without_rows_is_reported(curator_client, world):
    before = _registry_state()

    assert _report(curator_client, _csv([])) == [(1, "", "the file has a header but no rows")]
    _nothing_applied(before)


def test_a_spreadsheets_byte_order_mark_is_fine(curator_client, world):
    response = _upload(curator_client, b"\xef\xbb\xbf" + _csv(_updated_rows(world)).encode())

    assert response.status_code == 302


def test_renames_that_swap_two_names_are_refused_whole(curator_client, world):
    rows = _official_rows(world)
    rows[0] = _row(world["leather"], world["agra"], "Petha", "Handicraft")
    rows[1] = _row(
        world["petha"], world["agra"], "Leather Products", "Food Processing", "Secondary"
    )
    before = _registry_state()

    response = _apply(curator_client, _csv(rows))

    assert "import it in two steps" in response.content.decode()
    assert _registry_state() == before
    assert OdopListImport.objects.get().applied_at is None
    assert AuditEntry.objects.count() == 0
