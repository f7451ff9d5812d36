"""Private storage for KYC documents: the named storage "private" (STORAGES). By default on
disk outside MEDIA_ROOT, never given a URL; with an object store, a private bucket whose URLs
are signed and short-lived (odop_bazaar.media_storage). Either way only
sellers.views.document_download reads them, after its access check."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(FileSystemStorage):
    """Files are read only through sellers.views.document_download, which checks who asks."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    # Read the setting on every use (not once at import), so tests can point it at tmp_path.
    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Private documents have no public URL; use the document view.")

    def deconstruct(self):  # type: ignore[no-untyped-def]
        return ("sellers.storage.PrivateStorage", (), {})


class _PrivateDocuments(LazyObject):
    """storages["private"], looked up on first use, as Django's default_storage is."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


private_documents = _PrivateDocuments()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Tests that change STORAGES (tests/storage) reach the field's storage too, as Django's
    own receiver does for default_storage."""
    if setting == "STORAGES":
        private_documents._wrapped = empty


def private_storage() -> Storage:
    """The field's storage (a callable, so migrations do not depend on the backend)."""
    return private_documents  # type: ignore[return-value]
