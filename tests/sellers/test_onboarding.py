"""Sign up to submitted: each step saved, resumable, every bad field explained, nothing lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sellers.models import Seller, SellerDocument
from tests.factories import OdopProductFactory, StateFactory, UserFactory
from tests.sellers.factories import (
    LADAKH_GSTIN,
    MAHARASHTRA_GSTIN,
    PDF,
    UP_GSTIN,
    UP_PAN,
    KycSellerFactory,
    district_in,
    image_bytes,
)

pytestmark = pytest.mark.django_db


def step_url(step: str) -> str:
    return reverse("sellers:onboarding-step", kwargs={"step": step})


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def district():
    district = district_in("09")
    OdopProductFactory(district=district, name="Kannauj Attar")
    OdopProductFactory(district=district, name="Rose Water")
    return district


def about(district, **overrides):
    return {
        "kind": "artisan",
        "display_name": "Kannauj Attar House",
        "district": district.pk,
        "mobile": "98765 43210",
        **overrides,
    }


def test_sell_page_explains_and_invites_anonymous_visitors_to_sign_up(client):
    response = client.get(reverse("sellers:sell"))

    assert response.status_code == 200
    assert "Create an account to start" in response.text
    assert f"{reverse('accounts:signup')}?next={reverse('sellers:onboarding')}" in response.text


def test_onboarding_needs_login(client):
    response = client.get(step_url("about"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_first_step_creates_a_draft_seller(client, user, district):
    response = client.post(step_url("about"), about(district))

    assert response.status_code == 302
    assert response.url == step_url("products")
    seller = Seller.objects.get(user=user)
    assert (seller.status, seller.district, seller.mobile) == ("draft", district, "9876543210")


def test_whole_onboarding_then_submit(
    client, user, district, mailoutbox, django_capture_on_commit_callbacks
):
    client.post(step_url("about"), about(district))
    products = list(district.odop_products.all())
    assert client.post(step_url("products"), {"odop_products": [products[0].pk]}).url == step_url(
        "address"
    )
    assert client.post(
        step_url("address"), {"address": "12 Bazaar Road", "pin_code": "209725"}
    ).url == step_url("tax")
    response = client.post(
        step_url("tax"),
        {"pan": UP_PAN.lower(), "gstin": UP_GSTIN, "udyam_number": "UDYAM-UP-01-0000001"},
    )
    assert response.url == step_url("bank")
    response = client.post(
        step_url("bank"),
        {
            "bank_account_number": "123456789012",
            "bank_account_number_again": "123456789012",
            "ifsc": "sbin0001234",
        },
    )
    assert response.url == step_url("documents")
    upload = SimpleUploadedFile("pan.pdf", PDF, content_type="application/pdf")
    assert client.post(step_url("documents"), {"kind": "pan", "file": upload}).url == step_url(
        "documents"
    )

    review = client.get(reverse("sellers:onboarding-review"))
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(reverse("sellers:onboarding-review"))

    assert "<dd>XXXXXX939F</dd>" in review.text
    assert f"<dd>{UP_PAN}</dd>" not in review.text
    assert "XXXXXXXX9012" in review.text
    assert "123456789012" not in review.text
    assert submitted.url == reverse("sellers:dashboard")
    seller = Seller.objects.get(user=user)
    assert seller.status == "submitted"
    assert (seller.pan, seller.gstin, seller.ifsc) == (UP_PAN, UP_GSTIN, "SBIN0001234")
    assert list(seller.odop_products.all()) == [products[0]]
    assert [change.to_status for change in seller.status_changes.all()] == ["submitted"]
    assert [mail.subject for mail in mailoutbox] == ["ODOP Bazaar: we received your seller details"]


def test_a_seller_who_stopped_resumes_at_the_first_missing_step(client, user, district):
    client.post(step_url("about"), about(district))
    client.post(step_url("products"), {"odop_products": [district.odop_products.first().pk]})

    response = client.get(reverse("sellers:onboarding"))

    assert response.url == step_url("address")


def test_resuming_a_complete_profile_goes_to_the_review(client):
    seller = KycSellerFactory()
    SellerDocument.objects.create(
        seller=seller,
        kind="pan",
        file=SimpleUploadedFile("a.pdf", PDF),
        original_name="a.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    client.force_login(seller.user)

    assert client.get(reverse("sellers:onboarding")).url == reverse("sellers:onboarding-review")


def test_invalid_fields_are_explained_and_what_was_typed_stays(client, user, district):
    response = client.post(
        step_url("about"), about(district, mobile="12345", display_name="Attar Ghar")
    )

    assert response.status_code == 200
    assert "Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9." in response.text
    assert 'value="Attar Ghar"' in response.text
    assert 'value="12345"' in response.text
    assert not Seller.objects.exists()


@pytest.fixture
def draft_seller(client):
    seller = KycSellerFactory(gstin="", pan="", udyam_number="", bank_account_number="", ifsc="")
    client.force_login(seller.user)
    return seller


def tax(**overrides):
    return {"pan": UP_PAN, "gstin": UP_GSTIN, "udyam_number": "UDYAM-UP-01-0000001", **overrides}


def test_gstin_from_another_state_is_refused(client, draft_seller):
    response = client.post(step_url("tax"), tax(gstin=MAHARASHTRA_GSTIN))

    assert response.status_code == 200
    assert "This GSTIN is registered in another state (code 27)." in response.text
    draft_seller.refresh_from_db()
    assert (draft_seller.gstin, draft_seller.pan) == ("", "")


def test_gstin_with_a_wrong_checksum_is_refused(client, draft_seller):
    response = client.post(step_url("tax"), tax(gstin="09AAPFU0939F1ZV"))

    assert "check character is wrong" in response.text
    assert 'value="09AAPFU0939F1ZV"' in response.text
    draft_seller.refresh_from_db()
    assert draft_seller.gstin == ""


def test_gstin_of_another_pan_is_refused(client, draft_seller):
    response = client.post(step_url("tax"), tax(pan="ABCPE1234F"))

    assert "The PAN inside this GSTIN (AAPFU0939F) is not the PAN you gave." in response.text
    draft_seller.refresh_from_db()
    assert draft_seller.pan == ""


def test_ladakh_seller_gives_a_ladakh_gstin(client):
    seller = KycSellerFactory(district=district_in("38"), gstin="", pan="")
    client.force_login(seller.user)

    response = client.post(step_url("tax"), tax(gstin=LADAKH_GSTIN))

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.gstin == LADAKH_GSTIN


def test_without_gstin_an_enrolment_number_is_needed(client, draft_seller):
    response = client.post(step_url("tax"), tax(gstin=""))

    assert "Without a GSTIN, give your GST enrolment number." in response.text
    assert (
        client.post(
            step_url("tax"), tax(gstin="", gst_enrolment_number="091234567890123")
        ).status_code
        == 302
    )
    draft_seller.refresh_from_db()
    assert (draft_seller.gstin, draft_seller.gst_enrolment_number) == ("", "091234567890123")


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        (
            "address",
            {"address": "12 Road", "pin_code": "012345"},
            "Enter a PIN code of 6 digits that does not start with 0.",
        ),
        (
            "tax",
            tax(udyam_number="UDYAM-UP-1-000001"),
            "Enter the Udyam registration number as UDYAM-XX-00-0000000.",
        ),
        (
            "bank",
            {
                "bank_account_number": "123456789012",
                "bank_account_number_again": "123456789012",
                "ifsc": "SBIN1234567",
            },
            "Enter an IFSC of 11 characters",
        ),
        (
            "bank",
            {
                "bank_account_number": "123456789012",
                "bank_account_number_again": "123456789013",
                "ifsc": "SBIN0001234",
            },
            "The two account numbers are not the same.",
        ),
    ],
)
def test_malformed_pin_udyam_ifsc_account_are_refused(client, draft_seller, step, data, message):
    before = Seller.objects.values().get(pk=draft_seller.pk)

    response = client.post(step_url(step), data)

    assert response.status_code == 200
    assert message in response.text
    assert Seller.objects.values().get(pk=draft_seller.pk) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("id.pdf", b"just some text, renamed", "This file is not a PDF, JPEG or PNG document."),
        ("id.jpg", b"GIF89a" + b"\0" * 40, "This file is not a PDF, JPEG or PNG document."),
        ("big.pdf", PDF + b"\0" * (5 * 1024 * 1024), "The file is larger than 5 MB."),
        ("scan.png", image_bytes((8000, 6000), "PNG", mode="1"), "more than 40 megapixels"),
    ],
)
def test_bad_documents_are_refused_and_nothing_stored(client, draft_seller, name, content, message):
    upload = SimpleUploadedFile(name, content)

    response = client.post(step_url("documents"), {"kind": "pan", "file": upload})

    assert response.status_code == 200
    assert message in response.text
    assert SellerDocument.objects.count() == 0


def test_jpeg_document_is_accepted(client, draft_seller):
    upload = SimpleUploadedFile("aadhaar.jpeg", image_bytes((300, 200)))

    client.post(step_url("documents"), {"kind": "aadhaar", "file": upload})

    document = SellerDocument.objects.get()
    assert (document.content_type, document.kind, document.original_name) == (
        "image/jpeg",
        "aadhaar",
        "aadhaar.jpeg",
    )


def test_submitting_an_incomplete_profile_is_refused(client, draft_seller):
    response = client.post(reverse("sellers:onboarding-review"), follow=True)

    assert (
        "Please complete these steps first: PAN, GST and Udyam, Bank account, Identity documents."
        in response.text
    )
    draft_seller.refresh_from_db()
    assert draft_seller.status == "draft"


def test_submitted_profile_can_no_longer_be_edited(client):
    seller = KycSellerFactory(status="submitted")
    client.force_login(seller.user)

    response = client.post(step_url("tax"), tax(pan="ABCPE1234F", gstin=""))

    assert response.url == reverse("sellers:dashboard")
    seller.refresh_from_db()
    assert seller.pan == UP_PAN


def test_changing_district_clears_products_and_gstin(client):
    seller = KycSellerFactory()
    client.force_login(seller.user)
    new_district = district_in("09")

    client.post(step_url("about"), about(new_district))

    seller.refresh_from_db()
    assert (seller.district, seller.gstin, seller.odop_products.count()) == (new_district, "", 0)


def test_products_offered_are_only_those_of_the_sellers_district(client, draft_seller):
    elsewhere = OdopProductFactory()

    response = client.post(step_url("products"), {"odop_products": [elsewhere.pk]})

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert elsewhere not in draft_seller.odop_products.all()


def test_district_search_narrows_the_choices(client, user, district):
    other = district_in("27")

    response = client.get(step_url("about"), {"district_q": district.name})

    choices = [choice.pk for choice in response.context["form"].fields["district"].queryset]
    assert choices == [district.pk]
    assert other.name not in response.text


def test_district_search_in_hindi(client, user, district):
    response = client.get(step_url("about"), {"district_q": district.name_hi})

    assert [d.pk for d in response.context["form"].fields["district"].queryset] == [district.pk]


def test_seller_type_offers_the_five_kinds_without_a_blank(client, user, district):
    response = client.get(step_url("about"))

    assert response.text.count('name="kind"') == 5
    assert 'name="kind" value=""' not in response.text


def test_double_submitted_first_step_makes_one_profile(client, user, district):
    from sellers import services

    first = services.start_onboarding(
        user=user, kind="artisan", display_name="A", district=district, mobile="9876543210"
    )
    second = services.start_onboarding(
        user=user, kind="shg", display_name="B", district=district, mobile="9876543210"
    )

    assert first == second
    assert Seller.objects.filter(user=user).count() == 1


def test_address_pin_must_be_in_the_districts_state(client, user, district):
    client.post(step_url("about"), about(district))
    StateFactory(name="Bihar", iso_code="IN-BR")

    response = client.post(step_url("address"), {"address": "12 Road", "pin_code": "800001"})

    assert response.status_code == 200
    assert "PIN code 800001 is in Bihar, not Uttar Pradesh." in response.text
    assert Seller.objects.get(user=user).pin_code == ""


@pytest.mark.parametrize("mobile", ["+91-98765-43210", "09876543210", "+91 98765 43210"])
def test_seller_mobile_is_stored_as_ten_digits(client, user, district, mobile):
    client.post(step_url("about"), about(district, mobile=mobile))

    assert Seller.objects.get(user=user).mobile == "9876543210"
