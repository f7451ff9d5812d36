"""Verification: allowed transitions only, each recorded (who, when, why) and e-mailed."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from sellers import services
from sellers.errors import OnboardingIncomplete, ReasonRequired, TransitionNotAllowed
from sellers.models import Seller, SellerStatusChange
from tests.factories import ListingFactory, UserFactory
from tests.sellers.factories import KycSellerFactory, SellerDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    user = UserFactory(is_staff=True, full_name="Chitra Curator")
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def submitted():
    seller = KycSellerFactory(status="submitted")
    SellerDocumentFactory(seller=seller)
    return seller


def test_transition_table():
    assert {
        "draft": {"submitted"},
        "submitted": {"verified", "rejected"},
        "rejected": {"submitted"},
        "verified": {"suspended"},
        "suspended": {"verified"},
    } == services.SELLER_TRANSITIONS


def test_curator_verifies_and_the_seller_is_emailed(
    submitted, curator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.verify_seller(seller=submitted, by=curator)

    submitted.refresh_from_db()
    assert submitted.status == "verified"
    change = SellerStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        "submitted",
        "verified",
        curator,
        "",
    )
    assert change.notified_at is not None
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([submitted.user.email], "ODOP Bazaar: your seller account is verified")
    ]


def test_rejection_needs_a_reason_the_seller_then_fixes_and_resubmits(
    submitted, curator, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ReasonRequired):
        services.reject_seller(seller=submitted, by=curator, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_seller(seller=submitted, by=curator, reason="The PAN card scan is blurred.")
    submitted.refresh_from_db()
    assert (submitted.status, submitted.rejection_reason) == (
        "rejected",
        "The PAN card scan is blurred.",
    )
    assert "The PAN card scan is blurred." in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_verification(seller=submitted, by=submitted.user)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.rejection_reason) == ("submitted", "")
    assert list(submitted.status_changes.values_list("to_status", "changed_by")) == [
        ("rejected", curator.pk),
        ("submitted", submitted.user.pk),
    ]


def test_hindi_speaking_seller_gets_the_email_in_hindi(
    submitted, curator, mailoutbox, django_capture_on_commit_callbacks
):
    submitted.user.preferred_language = "hi"
    submitted.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_seller(seller=submitted, by=curator)

    # The Hindi catalogue may not translate this message yet; the language is still chosen.
    assert mailoutbox[0].subject.startswith("ODOP")


@pytest.mark.parametrize(
    ("status", "target"),
    [
        ("draft", "verified"),
        ("verified", "rejected"),
        ("rejected", "verified"),
        ("suspended", "submitted"),
        ("verified", "verified"),
    ],
)
def test_disallowed_transitions_change_nothing(status, target, curator):
    seller = KycSellerFactory(status=status)

    with pytest.raises(TransitionNotAllowed):
        services.transition_seller(seller=seller, to=target, by=curator)

    seller.refresh_from_db()
    assert seller.status == status
    assert SellerStatusChange.objects.count() == 0


def test_stale_copy_cannot_transition_twice(submitted, curator):
    stale = Seller.objects.get(pk=submitted.pk)
    services.verify_seller(seller=submitted, by=curator)

    with pytest.raises(TransitionNotAllowed):
        services.reject_seller(seller=stale, by=curator, reason="late")

    assert Seller.objects.get(pk=submitted.pk).status == "verified"


def test_incomplete_profile_cannot_be_submitted():
    seller = KycSellerFactory()  # no document yet

    with pytest.raises(OnboardingIncomplete):
        services.submit_for_verification(seller=seller, by=seller.user)

    assert Seller.objects.get(pk=seller.pk).status == "draft"


def test_suspension_hides_listings_and_reinstating_shows_them(curator, client):
    listing = ListingFactory()
    seller = listing.seller

    services.suspend_seller(seller=seller, by=curator, reason="Counterfeit GI claim")
    hidden = client.get(listing.district.get_absolute_url())
    services.reinstate_seller(seller=seller, by=curator)
    shown = client.get(listing.district.get_absolute_url())

    assert listing.title not in hidden.text
    assert listing.title in shown.text


def test_email_task_sends_once_on_repeat_delivery(
    submitted, curator, mailoutbox, django_capture_on_commit_callbacks
):
    from outbox.models import Email
    from outbox.tasks import deliver_email

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_seller(seller=submitted, by=curator)
    deliver_email(Email.objects.get().pk)  # a repeat delivery of the task
    deliver_email(999_999)

    assert len(mailoutbox) == 1


# --- the curators' queue in the admin ---------------------------------------------------------


def test_curator_approves_from_the_admin_queue(
    client, curator, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    changelist = reverse("admin:sellers_seller_changelist")

    queue = client.get(changelist, {"status__exact": "submitted"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist, {"action": "approve", "_selected_action": [submitted.pk]}
        )

    assert queue.status_code == 200
    assert submitted.display_name in queue.text
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "verified"
    assert SellerStatusChange.objects.get().changed_by == curator
    assert len(mailoutbox) == 1


def test_curator_sees_documents_in_the_admin(client, curator, submitted):
    client.force_login(curator)

    response = client.get(reverse("admin:sellers_seller_change", args=[submitted.pk]))

    document = submitted.documents.get()
    assert response.status_code == 200
    assert document.get_absolute_url() in response.text


def test_curator_rejects_with_a_reason_from_the_admin(client, curator, submitted):
    client.force_login(curator)
    changelist = reverse("admin:sellers_seller_changelist")

    form = client.post(changelist, {"action": "reject", "_selected_action": [submitted.pk]})
    submitted.refresh_from_db()
    assert form.status_code == 200
    assert submitted.status == "submitted"

    client.post(
        changelist,
        {
            "action": "reject",
            "_selected_action": [submitted.pk],
            "apply": "1",
            "reason": "Udyam number does not match the certificate.",
        },
    )

    submitted.refresh_from_db()
    assert (submitted.status, submitted.rejection_reason) == (
        "rejected",
        "Udyam number does not match the certificate.",
    )


def test_admin_refuses_a_disallowed_transition_with_a_message(client, curator):
    seller = KycSellerFactory(status="draft")
    client.force_login(curator)

    response = client.post(
        reverse("admin:sellers_seller_changelist"),
        {"action": "approve", "_selected_action": [seller.pk]},
        follow=True,
    )

    assert "This cannot move from “Draft” to “Verified”." in response.text
    assert Seller.objects.get(pk=seller.pk).status == "draft"


def test_staff_outside_the_curators_group_cannot_open_the_queue(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("admin:sellers_seller_changelist")).status_code == 403


def test_seller_status_cannot_be_edited_by_hand_in_the_admin(client, curator, submitted):
    client.force_login(curator)

    response = client.get(reverse("admin:sellers_seller_change", args=[submitted.pk]))

    assert 'name="status"' not in response.text


def test_create_curator_command_makes_a_staff_member_of_the_group():
    from django.core.management import call_command

    from sellers.access import is_curator

    call_command("create_curator", "Chitra@Example.test", password="x-long-secret", stdout=None)
    call_command("create_curator", "chitra@example.test", stdout=None)  # twice: no change

    user = UserFactory._meta.model.objects.get()
    assert (user.email, user.is_staff, user.is_superuser) == ("chitra@example.test", True, False)
    assert is_curator(user)


def test_curators_cannot_rewrite_kyc_details_in_the_admin(client, curator, submitted):
    client.force_login(curator)

    response = client.get(reverse("admin:sellers_seller_change", args=[submitted.pk]))

    for field in ("pan", "gstin", "bank_account_number", "ifsc", "udyam_number"):
        assert f'name="{field}"' not in response.text


def test_create_curator_without_a_terminal_asks_for_the_password_instead_of_crashing(
    monkeypatch,
):
    from django.core.management import CommandError, call_command

    monkeypatch.delenv("CURATOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="--password or CURATOR_PASSWORD"):
        call_command("create_curator", "ravi@example.test", stdout=None)
    assert not UserFactory._meta.model.objects.exists()

    monkeypatch.setenv("CURATOR_PASSWORD", "x-long-secret")
    call_command("create_curator", "ravi@example.test", stdout=None)
    assert UserFactory._meta.model.objects.get().check_password("x-long-secret")
