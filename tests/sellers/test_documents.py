"""KYC documents: private storage, served only to their seller and to curators."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from sellers.models import SellerDocument
from tests.factories import UserFactory
from tests.sellers.factories import PDF, KycSellerFactory, SellerDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return SellerDocumentFactory()


def curator_user():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


def test_document_is_stored_outside_media_root(document):
    path = Path(document.file.path).resolve()

    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "pan" not in path.name  # random names, nothing of the original
    with pytest.raises(ValueError, match="no public URL"):
        _ = document.file.url


def test_seller_downloads_own_document_as_an_attachment(client, document):
    client.force_login(document.seller.user)

    response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == f'attachment; filename="pan-{document.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_curator_downloads_any_document(client, document):
    client.force_login(curator_user())

    assert client.get(document.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "who",
    ["anonymous", "buyer", "other_seller", "staff_not_curator"],
)
def test_everybody_else_gets_404(client, document, who):
    users = {
        "anonymous": None,
        "buyer": UserFactory(),
        "other_seller": KycSellerFactory().user,
        "staff_not_curator": UserFactory(is_staff=True),
    }
    if users[who]:
        client.force_login(users[who])

    response = client.get(document.get_absolute_url())

    assert response.status_code == 404


def test_media_url_does_not_serve_documents(client, document):
    response = client.get(f"{settings.MEDIA_URL}{document.file.name}")

    assert response.status_code == 404


def test_seller_removes_a_wrong_scan_while_in_draft(
    client, document, django_capture_on_commit_callbacks
):
    client.force_login(document.seller.user)
    path = Path(document.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sellers:document-remove", kwargs={"pk": document.pk}))

    assert response.status_code == 302
    assert not SellerDocument.objects.filter(pk=document.pk).exists()
    assert not path.exists()


@pytest.mark.parametrize("who", ["other_seller", "anonymous"])
def test_nobody_else_removes_a_document(client, document, who):
    if who == "other_seller":
        client.force_login(KycSellerFactory().user)

    response = client.post(reverse("sellers:document-remove", kwargs={"pk": document.pk}))

    assert response.status_code in (302, 404)
    assert response.status_code == 404 or "login" in response.url
    assert SellerDocument.objects.filter(pk=document.pk).exists()


def test_submitted_seller_cannot_remove_documents(client, document):
    document.seller.status = "submitted"
    document.seller.save()
    client.force_login(document.seller.user)

    client.post(reverse("sellers:document-remove", kwargs={"pk": document.pk}))

    assert SellerDocument.objects.filter(pk=document.pk).exists()


def test_document_whose_file_is_gone_is_404_not_500(client, document):
    Path(document.file.path).unlink()
    client.force_login(document.seller.user)

    assert client.get(document.get_absolute_url()).status_code == 404
