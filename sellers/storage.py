"""Private storage for KYC documents: on disk outside MEDIA_ROOT, never given a URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


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


def private_storage() -> PrivateStorage:
    return PrivateStorage()
