"""Copy media from disk to the object store configured by MEDIA_STORAGE_URL (or AWS_*).

Each named storage's files on disk go to the same name in its store: MEDIA_ROOT to the public
bucket, PRIVATE_MEDIA_ROOT to the private bucket, PRIVATE_MEDIA_ROOT/uploads to its uploads/
prefix. Names are kept, so database rows need no change. An object already there with the
same size (and MD5, when the ETag is one) is skipped: a run that stopped half-way is simply
run again, and a second run copies nothing. Files on disk are left alone.
"""

import hashlib
import os
from pathlib import Path

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.management.base import BaseCommand, CommandError
from storages.utils import clean_name

# (named storage, folder on disk, sub-folder skipped because another storage owns it)
SOURCES = (
    ("default", lambda: Path(settings.MEDIA_ROOT), None),
    ("private", lambda: Path(settings.PRIVATE_MEDIA_ROOT), "uploads"),
    ("uploads", lambda: Path(settings.PRIVATE_MEDIA_ROOT) / "uploads", None),
)


def files_under(root: Path, skip: str | None) -> list[str]:
    """Storage names (posix, relative) of every file under root, sorted."""
    names = []
    for folder, subfolders, files in os.walk(root):
        if skip and Path(folder) == root and skip in subfolders:
            subfolders.remove(skip)
        for file in files:
            names.append((Path(folder) / file).relative_to(root).as_posix())
    return sorted(names)


def md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def already_there(store: Storage, name: str, path: Path) -> bool:
    """True if the store holds `name` with the same bytes as the file on disk (one HEAD)."""
    key = store._normalize_name(clean_name(name))
    try:
        head = store.bucket.meta.client.head_object(Bucket=store.bucket_name, Key=key)
    except ClientError as error:
        if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
            return False
        raise
    if head["ContentLength"] != path.stat().st_size:
        return False
    etag = head["ETag"].strip('"')
    return "-" in etag or etag == md5_of(path)  # a multipart ETag is no MD5: size decides


class Command(BaseCommand):
    help = "Copy media files from disk to the configured object store (resumable, idempotent)."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be copied; copy nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:  # type: ignore[no-untyped-def]
        if isinstance(storages["default"], FileSystemStorage):
            raise CommandError(
                "Media is on disk: set MEDIA_STORAGE_URL (or AWS_STORAGE_BUCKET_NAME and "
                "MEDIA_PRIVATE_BUCKET) to the object store first."
            )
        for alias, root_of, skip in SOURCES:
            store, root = storages[alias], root_of()
            copied = present = 0
            for name in files_under(root, skip) if root.is_dir() else []:
                path = root / name
                if already_there(store, name, path):
                    present += 1
                    continue
                if not dry_run:
                    with path.open("rb") as handle:
                        # _save, not save: keep the name the database holds, never a new one.
                        store._save(name, File(handle, name=name))
                copied += 1
            verb = "to copy" if dry_run else "copied"
            self.stdout.write(f"{alias}: {copied} {verb}, {present} already there ({root})")
