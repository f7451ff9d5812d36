"""A listing's photos: the seller adds, orders and deletes them; a worker cleans each upload
and makes its renditions after commit. Each public function is one transaction."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User

from .. import tasks
from ..errors import TooManyPhotos
from ..images import (
    CleanImage,
    PhotoStatus,
    make_renditions,
    publish_processed_upload,
    store_raw_upload,
    upload_storage,
)
from ..models import Listing, ListingImage
from ..page_scopes import listings_changed
from .lifecycle import check_can_manage, storefront_changed, transition

MAX_PHOTOS = 8
L = Listing.Status


@transaction.atomic
def add_listing_photos(
    *, listing: Listing, by: User, photos: list[CleanImage]
) -> list[ListingImage]:
    """Store checked photos after the existing ones. An upload checked from its header only
    (catalog.images.CheckedUpload) waits raw in private storage, "processing", for the worker
    that cleans it after commit; a clean image is public at once and gets its renditions."""
    check_can_manage(listing.seller)
    Listing.objects.select_for_update().filter(pk=listing.pk).first()  # serialise uploads
    everything = ListingImage.all_objects.filter(listing=listing)  # processing ones count too
    count = everything.count()
    if count + len(photos) > MAX_PHOTOS:
        raise TooManyPhotos(
            _("A listing has at most %(max)d photos; this one has %(count)d already.")
            % {"max": MAX_PHOTOS, "count": count}
        )
    position = (everything.aggregate(top=Max("position"))["top"] or 0) + 1 if count else 0
    images = []
    for offset, photo in enumerate(photos):
        image = ListingImage(listing=listing, position=position + offset, alt_text=listing.title)
        store_raw_upload(image, photo)
        image.save()
        if image.is_processing:
            tasks.process_listing_image_upload.delay_on_commit(image.pk)
        else:
            tasks.make_listing_image_renditions.delay_on_commit(image.pk)
        images.append(image)
    if listing.status in (L.LIVE, L.PAUSED):
        transition(listing=listing, to=L.SUBMITTED, by=by, reason=_("New photos."))
    return images


def _renumber(listing: Listing, ordered: list[ListingImage]) -> None:
    for position, image in enumerate(ordered):
        image.position = position
    ListingImage.objects.bulk_update(ordered, ["position"])
    storefront_changed(listing)  # the main photo shows on cards


@transaction.atomic
def set_main_listing_photo(*, image: ListingImage) -> None:
    """Make this photo the first one (the main photo on cards and pages)."""
    check_can_manage(image.listing.seller)
    ordered = list(ListingImage.all_objects.filter(listing=image.listing))
    ordered.sort(key=lambda other: other.pk != image.pk)  # stable: the rest keep their order
    _renumber(image.listing, ordered)


@transaction.atomic
def move_listing_photo(*, image: ListingImage, offset: int) -> None:
    """Move a photo one place earlier (-1) or later (+1)."""
    check_can_manage(image.listing.seller)
    ordered = list(ListingImage.all_objects.filter(listing=image.listing))
    index = next(i for i, other in enumerate(ordered) if other.pk == image.pk)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    _renumber(image.listing, ordered)


@transaction.atomic
def delete_listing_photo(*, image: ListingImage) -> None:
    """Remove a photo and its files (after commit, so a rollback keeps them)."""
    check_can_manage(image.listing.seller)
    listing = image.listing
    names, raw_name = image.rendition_files(), image.raw_name
    storage = image.image.storage
    image.delete()
    _renumber(listing, list(ListingImage.all_objects.filter(listing=listing)))

    def delete_files() -> None:
        for name in names:
            storage.delete(name)
        if raw_name:
            upload_storage().delete(raw_name)

    transaction.on_commit(delete_files)


def process_listing_photo(*, image_id: int) -> bool:
    """Worker: clean a processing upload (decode, re-encode without metadata, upright), make it
    public, delete the raw file, then make its renditions. A file that does not decode marks
    the photo failed (the seller sees it and removes it); it is never shown. Returns True if
    the photo is now ready; a repeat delivery finds it done and does nothing."""
    status = publish_processed_upload(ListingImage.all_objects, image_id)
    if status is None:
        return False
    listing_id = ListingImage.all_objects.filter(pk=image_id).values_list("listing_id", flat=True)
    listings_changed(listing_ids=list(listing_id))  # outside a transaction: at once
    if status != PhotoStatus.READY:
        return False
    build_renditions(image_id=image_id)
    return True


def build_renditions(*, image_id: int) -> bool:
    """Make the renditions of one photo once; returns False if gone or already done."""
    image = ListingImage.objects.filter(pk=image_id).first()  # ready photos only
    if image is None or image.has_renditions:
        return False  # deleted meanwhile, or a repeat delivery of the task
    stem = image.image.name.rsplit(".", 1)[0]
    renditions = make_renditions(source_name=image.image.name, stem=stem)
    # Conditional update: if two workers raced, the first one's files win and stay referenced.
    if ListingImage.objects.filter(pk=image_id, renditions={}).update(renditions=renditions):
        # A queryset update sends no post_save: tell the page cache that cards changed.
        listings_changed(listing_ids=[image.listing_id])
    return True
