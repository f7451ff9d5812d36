"""A seller's listings: create and edit, photos, the status workflow, curator moderation."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import services
from catalog.errors import SellerNotVerified, TooManyPhotos, TransitionNotAllowed
from catalog.models import Listing, ListingImage, ListingStatusChange
from sellers import services as seller_services
from tests.factories import (
    ListingFactory,
    OdopProductFactory,
    SellerFactory,
    UserFactory,
)
from tests.sellers.factories import image_bytes
from tests.test_page_cache import page_cache  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def seller(client):
    seller = SellerFactory()
    client.force_login(seller.user)
    return seller


@pytest.fixture
def product(seller):
    return OdopProductFactory(district=seller.district, name="Kannauj Attar", is_gi_tagged=True)


def listing_data(product, **overrides):
    return {
        "title": "Rose attar, 10 ml",
        "description": "Distilled in copper degs.\n<script>alert(1)</script>",
        "odop_product": product.pk,
        "category": product.category_id,
        "price": "450.00",
        "mrp": "500.00",
        "stock": "12",
        "hsn_code": "3303",
        "weight_grams": "150",
        "country_of_origin": "India",
        "gi_authorised_user_number": "",
        **overrides,
    }


def photo(name="rose.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def test_buyer_cannot_open_the_dashboard(client):
    client.force_login(UserFactory())

    response = client.get(reverse("sellers:dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("sellers:sell")


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("sellers:dashboard"))

    assert response.url == f"{reverse('accounts:login')}?next={reverse('sellers:dashboard')}"


def test_seller_creates_a_draft_listing_with_photos(
    client, seller, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sellers:listing-create"),
            {
                **listing_data(product),
                "photos": [photo("a.jpg"), photo("b.png", image_format="PNG")],
            },
        )

    listing = Listing.objects.get()
    assert response.url == reverse("sellers:listing-edit", kwargs={"pk": listing.pk})
    assert (listing.seller, listing.district, listing.status) == (seller, seller.district, "draft")
    assert (listing.price, listing.mrp, listing.gst_rate) == (
        Decimal("450.00"),
        Decimal("500.00"),
        Decimal("18.00"),
    )
    assert "Kannauj Attar" in listing.search_document
    images = list(listing.images.all())
    assert [image.position for image in images] == [0, 1]
    assert [image.image.name.rsplit(".", 1)[1] for image in images] == ["jpg", "png"]
    assert all(image.has_renditions for image in images)


def test_description_markup_is_escaped_on_the_listing_page(client, seller, product, curator):
    client.post(reverse("sellers:listing-create"), listing_data(product))
    listing = Listing.objects.get()
    services.submit_listing(listing=listing, by=seller.user)
    services.approve_listing(listing=listing, by=curator)

    page = client.get(listing.get_absolute_url())

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"mrp": "400.00"}, "The MRP must be at least the price."),
        ({"hsn_code": "33"}, "An HSN code has 4 to 8 digits."),
        ({"hsn_code": "3301A"}, "An HSN code has 4 to 8 digits."),
        ({"hsn_code": "330112345"}, "Ensure this value has at most 8 characters (it has 9)."),
        ({"hsn_code": "1234"}, "ODOP Bazaar has no GST rate for HSN code 1234."),
        ({"price": "0"}, "The price must be more than zero."),
    ],
)
def test_bad_listing_input_is_explained_and_nothing_stored(
    client, seller, product, overrides, field_message
):
    response = client.post(reverse("sellers:listing-create"), listing_data(product, **overrides))

    assert response.status_code == 200
    assert field_message in response.text
    assert 'value="Rose attar, 10 ml"' in response.text
    assert Listing.objects.count() == 0


def test_product_of_another_district_cannot_be_listed(client, seller):
    elsewhere = OdopProductFactory()

    response = client.post(reverse("sellers:listing-create"), listing_data(elsewhere))

    assert "Select a valid choice." in response.text
    assert Listing.objects.count() == 0


def test_unverified_seller_cannot_submit(client):
    seller = SellerFactory(status="submitted")
    listing = ListingFactory(seller=seller, status="draft")
    client.force_login(seller.user)

    response = client.post(
        reverse("sellers:listing-action", kwargs={"pk": listing.pk, "action": "submit"}),
        follow=True,
    )

    assert "Only verified sellers can send listings for review." in response.text
    assert Listing.objects.get(pk=listing.pk).status == "draft"
    with pytest.raises(SellerNotVerified):
        services.submit_listing(listing=listing, by=seller.user)


def test_submit_approve_and_the_listing_is_on_the_district_storefront(client, seller, curator):
    listing = ListingFactory(seller=seller, status="draft", title="Rose attar from Kannauj")
    storefront = listing.district.get_absolute_url()
    assert listing.title not in client.get(storefront).text

    client.post(reverse("sellers:listing-action", kwargs={"pk": listing.pk, "action": "submit"}))
    client.force_login(curator)
    client.post(
        reverse("admin:catalog_listing_changelist"),
        {"action": "approve", "_selected_action": [listing.pk]},
    )

    listing.refresh_from_db()
    assert listing.status == "live"
    assert listing.title in client.get(storefront).text
    assert list(listing.status_changes.values_list("from_status", "to_status", "changed_by")) == [
        ("draft", "submitted", seller.user.pk),
        ("submitted", "live", curator.pk),
    ]


def test_curator_rejects_with_a_reason_the_seller_sees(client, seller, curator):
    listing = ListingFactory(seller=seller, status="submitted")
    admin = reverse("admin:catalog_listing_changelist")
    client.force_login(curator)

    client.post(
        admin,
        {
            "action": "reject",
            "_selected_action": [listing.pk],
            "apply": "1",
            "reason": "Photo shows another product.",
        },
    )
    client.force_login(seller.user)
    dashboard = client.get(reverse("sellers:dashboard"))

    listing.refresh_from_db()
    assert (listing.status, listing.rejection_reason) == (
        "rejected",
        "Photo shows another product.",
    )
    assert "Photo shows another product." in dashboard.text
    assert (
        ListingStatusChange.objects.get(to_status="rejected").reason
        == "Photo shows another product."
    )


def test_pause_and_resume(client, seller):
    listing = ListingFactory(seller=seller)

    def url(action):
        return reverse("sellers:listing-action", kwargs={"pk": listing.pk, "action": action})

    client.post(url("pause"))
    paused = Listing.objects.get(pk=listing.pk).status
    client.post(url("resume"))

    assert (paused, Listing.objects.get(pk=listing.pk).status) == ("paused", "live")


def test_listing_transition_table_refuses_other_moves(seller, curator):
    listing = ListingFactory(seller=seller, status="draft")

    for call in (services.approve_listing, services.pause_listing, services.resume_listing):
        with pytest.raises(TransitionNotAllowed):
            call(listing=listing, by=curator)

    assert Listing.objects.get(pk=listing.pk).status == "draft"
    assert ListingStatusChange.objects.count() == 0


def test_stock_and_price_edits_of_a_live_listing_stay_live(client, seller, product):
    listing = ListingFactory(
        seller=seller,
        odop_product=product,
        title="Rose attar, 10 ml",
        description="Distilled in copper degs.",
        hsn_code="3303",
        gst_rate=Decimal("18.00"),
        category=product.category,
    )

    client.post(
        reverse("sellers:listing-edit", kwargs={"pk": listing.pk}),
        listing_data(
            product,
            description="Distilled in copper degs.",
            stock="3",
            shown_stock="20",
            price="420.00",
        ),
    )

    listing.refresh_from_db()
    assert (listing.status, listing.stock, listing.price) == ("live", 3, Decimal("420.00"))


def test_content_edits_of_a_live_listing_go_back_for_review(client, seller, product):
    listing = ListingFactory(seller=seller, odop_product=product)

    client.post(
        reverse("sellers:listing-edit", kwargs={"pk": listing.pk}),
        listing_data(product, title="Best attar in the world", shown_stock=str(listing.stock)),
    )

    listing.refresh_from_db()
    assert (listing.status, listing.title) == ("submitted", "Best attar in the world")
    assert "Best attar in the world" in listing.search_document


def test_gi_badge_shows_only_after_a_curator_verifies_the_claim(client, seller, product, curator):
    client.post(
        reverse("sellers:listing-create"),
        listing_data(product, gi_authorised_user_number="AU/KNJ/0042"),
    )
    listing = Listing.objects.get()
    services.submit_listing(listing=listing, by=seller.user)
    services.approve_listing(listing=listing, by=curator)
    before = client.get(listing.get_absolute_url())

    client.force_login(curator)
    client.post(
        reverse("admin:catalog_listing_changelist"),
        {"action": "verify_gi_claim", "_selected_action": [listing.pk]},
    )
    after = client.get(listing.get_absolute_url())

    assert "Registered authorised user AU/KNJ/0042" not in before.text
    assert "Registered authorised user AU/KNJ/0042" in after.text


def test_changing_the_gi_number_needs_a_new_verification(client, seller, product):
    listing = ListingFactory(seller=seller, odop_product=product, gi_verified=True, status="live")

    services.update_listing(
        listing=listing, by=seller.user, data={"gi_authorised_user_number": "AU/NEW/1"}
    )

    listing.refresh_from_db()
    assert (listing.gi_verified_at, listing.status) == (None, "submitted")


def test_gi_number_for_a_product_without_gi_is_refused(client, seller):
    plain = OdopProductFactory(district=seller.district, is_gi_tagged=False)

    response = client.post(
        reverse("sellers:listing-create"), listing_data(plain, gi_authorised_user_number="AU/1")
    )

    assert "This ODOP product has no GI tag" in response.text


# --- photos ------------------------------------------------------------------------------------


def test_at_most_eight_photos(client, seller):
    listing = ListingFactory(seller=seller, status="draft", photos=7)

    response = client.post(
        reverse("sellers:listing-photos", kwargs={"pk": listing.pk}),
        {"photos": [photo(), photo()]},
        follow=True,
    )

    assert "A listing has at most 8 photos; this one has 7 already." in response.text
    assert listing.images.count() == 7
    with pytest.raises(TooManyPhotos):
        services.add_listing_photos(listing=listing, by=seller.user, photos=[None, None])  # type: ignore[list-item]


def test_seller_orders_photos_and_picks_the_main_one(client, seller):
    listing = ListingFactory(seller=seller, status="draft", photos=3)
    first, second, third = listing.images.order_by("position")

    def action(image, name):
        return reverse(
            "sellers:listing-photo-action",
            kwargs={"pk": listing.pk, "image_pk": image.pk, "action": name},
        )

    client.post(action(third, "main"))
    order_after_main = list(listing.images.order_by("position").values_list("pk", flat=True))
    client.post(action(first, "down"))
    order_after_down = list(listing.images.order_by("position").values_list("pk", flat=True))
    client.post(action(third, "delete"))

    assert order_after_main == [third.pk, first.pk, second.pk]
    assert order_after_down == [third.pk, second.pk, first.pk]
    assert list(listing.images.order_by("position").values_list("pk", "position")) == [
        (second.pk, 0),
        (first.pk, 1),
    ]
    assert Listing.objects.get(pk=listing.pk).main_image == second


def test_new_photo_on_a_live_listing_goes_back_for_review(
    client, seller, django_capture_on_commit_callbacks
):
    listing = ListingFactory(seller=seller, photos=1)

    with django_capture_on_commit_callbacks(execute=True):  # the worker cleans it after commit
        client.post(
            reverse("sellers:listing-photos", kwargs={"pk": listing.pk}), {"photos": [photo()]}
        )

    listing.refresh_from_db()
    assert (listing.status, listing.images.count()) == ("submitted", 2)


# --- a seller touches only its own listings -------------------------------------------------


@pytest.fixture
def strangers_listing():
    return ListingFactory(status="draft", photos=2, title="Not yours")


def test_seller_cannot_see_or_edit_another_sellers_listing(client, seller, strangers_listing):
    edit = reverse("sellers:listing-edit", kwargs={"pk": strangers_listing.pk})
    before = Listing.objects.values().get(pk=strangers_listing.pk)

    assert client.get(edit).status_code == 404
    assert (
        client.post(
            edit, listing_data(strangers_listing.odop_product, title="Mine now")
        ).status_code
        == 404
    )
    assert "Not yours" not in client.get(reverse("sellers:dashboard")).text
    assert Listing.objects.values().get(pk=strangers_listing.pk) == before


@pytest.mark.parametrize("action", ["submit", "pause", "resume"])
def test_seller_cannot_act_on_another_sellers_listing(client, seller, strangers_listing, action):
    response = client.post(
        reverse("sellers:listing-action", kwargs={"pk": strangers_listing.pk, "action": action})
    )

    assert response.status_code == 404
    assert Listing.objects.get(pk=strangers_listing.pk).status == "draft"


@pytest.mark.parametrize("action", ["main", "up", "down", "delete"])
def test_seller_cannot_touch_another_sellers_photos(client, seller, strangers_listing, action):
    image = strangers_listing.images.order_by("position").last()
    before = list(ListingImage.objects.values_list("pk", "position"))

    response = client.post(
        reverse(
            "sellers:listing-photo-action",
            kwargs={"pk": strangers_listing.pk, "image_pk": image.pk, "action": action},
        )
    )
    upload = client.post(
        reverse("sellers:listing-photos", kwargs={"pk": strangers_listing.pk}),
        {"photos": [photo()]},
    )

    assert (response.status_code, upload.status_code) == (404, 404)
    assert list(ListingImage.objects.values_list("pk", "position")) == before


def test_own_listing_with_another_sellers_photo_id_is_404(client, seller, strangers_listing):
    mine = ListingFactory(seller=seller, status="draft")
    theirs = strangers_listing.images.first()

    response = client.post(
        reverse(
            "sellers:listing-photo-action",
            kwargs={"pk": mine.pk, "image_pk": theirs.pk, "action": "delete"},
        )
    )

    assert response.status_code == 404
    assert ListingImage.objects.filter(pk=theirs.pk).exists()


def test_suspended_seller_cannot_change_listings(client):
    seller = SellerFactory(status="suspended")
    listing = ListingFactory(seller=seller, status="paused")
    client.force_login(seller.user)

    client.post(
        reverse("sellers:listing-edit", kwargs={"pk": listing.pk}),
        listing_data(listing.odop_product, stock="99", shown_stock="20"),
    )

    assert Listing.objects.get(pk=listing.pk).stock == 20


def test_dashboard_marks_low_stock(client, seller):
    ListingFactory(seller=seller, stock=2, title="Almost gone")
    ListingFactory(seller=seller, stock=50, title="Plenty")

    response = client.get(reverse("sellers:dashboard"))

    assert "1 listing is running low on stock." in response.text
    assert response.text.count("Low stock</span>") == 1


@pytest.mark.usefixtures("page_cache")
def test_approval_and_suspension_show_at_once_through_the_page_cache(
    curator, django_capture_on_commit_callbacks, client
):
    client.logout()  # only anonymous pages are cached
    listing = ListingFactory(status="submitted", title="Chikan kurta")
    storefront = listing.district.get_absolute_url()
    assert "Chikan kurta" not in client.get(storefront).text

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_listing(listing=listing, by=curator)
    after_approval = client.get(storefront).text
    with django_capture_on_commit_callbacks(execute=True):
        seller_services.suspend_seller(seller=listing.seller, by=curator, reason="Fake GI claim")
    after_suspension = client.get(storefront).text

    assert "Chikan kurta" in after_approval
    assert "Chikan kurta" not in after_suspension


def test_suspended_seller_cannot_touch_photos(client):
    seller = SellerFactory(status="suspended")
    listing = ListingFactory(seller=seller, status="paused", photos=2)
    client.force_login(seller.user)
    before = list(listing.images.values_list("pk", "position"))
    last = listing.images.order_by("position").last()

    response = client.post(
        reverse(
            "sellers:listing-photo-action",
            kwargs={"pk": listing.pk, "image_pk": last.pk, "action": "delete"},
        ),
        follow=True,
    )

    assert "Your seller account is suspended" in response.text
    assert list(listing.images.values_list("pk", "position")) == before


def test_seller_is_emailed_the_curators_decision_once(
    seller, curator, mailoutbox, django_capture_on_commit_callbacks
):
    from outbox.models import Email
    from outbox.tasks import deliver_email

    approved = ListingFactory(seller=seller, status="submitted", title="Rose attar")
    rejected = ListingFactory(seller=seller, status="submitted", title="Khus attar")

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_listing(listing=approved, by=curator)
        services.reject_listing(listing=rejected, by=curator, reason="Blurred photo.")
        services.pause_listing(listing=approved, by=seller.user)  # the seller's own: no mail
    for email in Email.objects.all():
        deliver_email(email.pk)  # a repeat delivery of the task

    assert [m.subject for m in mailoutbox] == [
        "ODOP Bazaar: “Rose attar” is live",
        "ODOP Bazaar: please fix “Khus attar”",
    ]
    assert "Blurred photo." in mailoutbox[1].body
    assert mailoutbox[1].to == [seller.user.email]


def test_the_gst_rate_follows_the_hsn_code_whatever_the_seller_sends(client, seller, product):
    client.post(
        reverse("sellers:listing-create"), listing_data(product, hsn_code="3303", gst_rate="5.00")
    )

    assert Listing.objects.get().gst_rate == Decimal("18.00")  # perfume, attar: 18 %


def test_the_listing_form_offers_hsn_codes_with_their_descriptions(client, seller):
    response = client.get(reverse("sellers:listing-create"))

    assert '<select name="hsn_code"' in response.text
    assert '<option value="3303">3303: Perfumes, attar and toilet waters (18%)</option>' in (
        response.text
    )
    assert (
        "6204: Women&#x27;s suits, dresses, skirts and kurtas, not knitted (5% up to ₹2500 a piece, 18% above)"
        in response.text
    )
    assert 'name="gst_rate"' not in response.text


@time_machine.travel(datetime(2025, 10, 1, 12, tzinfo=UTC), tick=False)
def test_a_price_over_the_apparel_threshold_changes_the_rate_without_review(
    client, seller, product
):
    listing = ListingFactory(
        seller=seller,
        odop_product=product,
        title="Chikankari kurta",
        description="Hand-embroidered.",
        hsn_code="6204",
        price=Decimal("2500.00"),
        gst_rate=Decimal("5.00"),
        category=product.category,
    )
    data = listing_data(
        product,
        title="Chikankari kurta",
        description="Hand-embroidered.",
        hsn_code="6204",
        mrp="3000.00",
        shown_stock=listing.stock,
    )

    client.post(
        reverse("sellers:listing-edit", kwargs={"pk": listing.pk}), {**data, "price": "2500.00"}
    )
    listing.refresh_from_db()
    at_threshold = listing.gst_rate
    client.post(
        reverse("sellers:listing-edit", kwargs={"pk": listing.pk}), {**data, "price": "2500.01"}
    )
    listing.refresh_from_db()

    assert (at_threshold, listing.gst_rate, listing.status) == (
        Decimal("5.00"),
        Decimal("18.00"),
        "live",
    )
