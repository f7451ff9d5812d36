"""A listing's photos: the seller adds, orders and deletes them; renditions are made after
commit. Each public function is one transaction."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from odop_bazaar.page_cache import bump_storefront_version

from .. import tasks
from ..errors import TooManyPhotos
from ..images import CleanImage, make_renditions
from ..models import Listing, ListingImage
from .lifecycle import check_can_manage, storefront_changed, transition

MAX_PHOTOS = 8
L = Listing.Status


@transaction.atomic
def add_listing_photos(
    *, listing: Listing, by: User, photos: list[CleanImage]
) -> list[ListingImage]:
    """Store checked photos after the existing ones; renditions are made after commit."""
    check_can_manage(listing.seller)
    Listing.objects.select_for_update().filter(pk=listing.pk).first()  # serialise uploads
    count = listing.images.count()
    if count + len(photos) > MAX_PHOTOS:
        raise TooManyPhotos(
            _("A listing has at most %(max)d photos; this one has %(count)d already.")
            % {"max": MAX_PHOTOS, "count": count}
        )
    position = (listing.images.aggregate(top=Max("position"))["top"] or 0) + 1 if count else 0
    images = []
    for offset, photo in enumerate(photos):
        image = ListingImage(listing=listing, position=position + offset, alt_text=listing.title)
        image.image.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
        image.width, image.height = photo.width, photo.height  # known: no second decode
        image.save()
        tasks.make_listing_image_renditions.delay_on_commit(image.pk)
        images.append(image)
    if listing.status in (L.LIVE, L.PAUSED):
        transition(listing=listing, to=L.SUBMITTED, by=by, reason=_("New photos."))
    return images


def _renumber(listing: Listing, ordered: list[ListingImage]) -> None:
    for position, image in enumerate(ordered):
        image.position = position
    ListingImage.objects.bulk_update(ordered, ["position"])
    storefront_changed()  # the main photo shows on cards


@transaction.atomic
def set_main_listing_photo(*, image: ListingImage) -> None:
    """Make this photo the first one (the main photo on cards and pages)."""
    check_can_manage(image.listing.seller)
    ordered = list(image.listing.images.order_by("position", "pk"))
    ordered.sort(key=lambda other: other.pk != image.pk)  # stable: the rest keep their order
    _renumber(image.listing, ordered)


@transaction.atomic
def move_listing_photo(*, image: ListingImage, offset: int) -> None:
    """Move a photo one place earlier (-1) or later (+1)."""
    check_can_manage(image.listing.seller)
    ordered = list(image.listing.images.order_by("position", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == image.pk)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    _renumber(image.listing, ordered)


@transaction.atomic
def delete_listing_photo(*, image: ListingImage) -> None:
    """Remove a photo and its files (after commit, so a rollback keeps them)."""
    check_can_manage(image.listing.seller)
    listing = image.listing
    names = [image.image.name]
    for paths in (image.renditions or {}).values():
        names.extend(paths.values())
    storage = image.image.storage
    image.delete()
    _renumber(listing, list(listing.images.order_by("position", "pk")))
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def build_renditions(*, image_id: int) -> bool:
    """Make the renditions of one photo once; returns False if gone or already done."""
    image = ListingImage.objects.filter(pk=image_id).first()
    if image is None or image.has_renditions:
        return False  # deleted meanwhile, or a repeat delivery of the task
    stem = image.image.name.rsplit(".", 1)[0]
    renditions = make_renditions(source_name=image.image.name, stem=stem)
    # Conditional update: if two workers raced, the first one's files win and stay referenced.
    if ListingImage.objects.filter(pk=image_id, renditions={}).update(renditions=renditions):
        # A queryset update sends no post_save: tell the page cache that cards changed.
        transaction.on_commit(bump_storefront_version)
    return True
