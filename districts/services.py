"""Writes to district storefronts: stories, story photos and featured listings.

Each public function is one transaction; curation.services wraps them with the audit entry.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from catalog.images import (
    CleanImage,
    PhotoStatus,
    make_renditions,
    publish_processed_upload,
    store_raw_upload,
    upload_storage,
)
from catalog.models import Listing, OdopProduct
from catalog.page_scopes import district_scope
from odop_bazaar.errors import DomainError
from odop_bazaar.page_cache import HOME, bump_on_commit, bump_storefront_version

from .models import District, FeaturedListing, StoryPhoto

MAX_FEATURED = 12
HasHero = District | OdopProduct  # the models with a hero_photo


class CannotFeature(DomainError):
    code = "cannot_feature"


@transaction.atomic
def update_district_story(*, district: District, story: str, story_hi: str) -> District:
    """Save the district's story in English and Hindi (plain text, escaped on output)."""
    district.story, district.story_hi = story.strip(), story_hi.strip()
    district.save(update_fields=["story", "story_hi"])
    return district


@transaction.atomic
def add_story_photo(*, photo: CleanImage, alt_text: str) -> StoryPhoto:
    """Store a checked photo. An upload checked from its header only waits raw in private
    storage, "processing", for the worker that cleans it after commit and then makes its
    renditions; a clean image is public at once."""
    from . import tasks  # tasks import services

    story_photo = StoryPhoto(alt_text=alt_text[:200])
    store_raw_upload(story_photo, photo)
    story_photo.save()
    if story_photo.is_processing:
        tasks.process_story_photo_upload.delay_on_commit(story_photo.pk)
    else:
        tasks.make_story_photo_renditions.delay_on_commit(story_photo.pk)
    return story_photo


@transaction.atomic
def delete_story_photo(*, photo: StoryPhoto) -> None:
    """Remove a photo and its files (after commit, so a rollback keeps them)."""
    names, storage, raw_name = photo.rendition_files(), photo.image.storage, photo.raw_name
    photo.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)
        if raw_name:
            upload_storage().delete(raw_name)

    transaction.on_commit(delete_files)


@transaction.atomic
def replace_hero_photo(*, owner: HasHero, photo: CleanImage, alt_text: str) -> HasHero:
    """Put a new hero photo on a district or an ODOP product; the old one is deleted."""
    old = owner.hero_photo
    owner.hero_photo = add_story_photo(photo=photo, alt_text=alt_text)
    owner.save(update_fields=["hero_photo"])
    if old is not None:
        delete_story_photo(photo=old)
    return owner


@transaction.atomic
def remove_hero_photo(*, owner: HasHero) -> HasHero:
    old = owner.hero_photo
    if old is not None:
        owner.hero_photo = None
        owner.save(update_fields=["hero_photo"])
        delete_story_photo(photo=old)
    return owner


def build_story_photo_renditions(*, photo_id: int) -> bool:
    """Make the renditions of one story photo once; False if gone or already done."""
    photo = StoryPhoto.objects.filter(pk=photo_id).first()
    if photo is None or photo.has_renditions or not photo.is_public:
        return False  # deleted meanwhile, or a repeat delivery of the task
    renditions = make_renditions(
        source_name=photo.image.name, stem=photo.image.name.rsplit(".", 1)[0]
    )
    # Conditional update: if two workers raced, the first one's files win and stay referenced.
    if StoryPhoto.objects.filter(pk=photo_id, renditions={}).update(renditions=renditions):
        transaction.on_commit(bump_storefront_version)
    return True


def process_story_photo(*, photo_id: int) -> bool:
    """Worker: clean a processing upload (decode, re-encode without metadata, upright), make it
    public, delete the raw file, then make its renditions. A file that does not decode marks
    it failed (never shown). True if the photo is now ready; a repeat delivery does nothing."""
    status = publish_processed_upload(StoryPhoto.objects, photo_id)
    if status is None:
        return False
    bump_storefront_version()  # outside the transaction: at once
    if status != PhotoStatus.READY:
        return False
    build_story_photo_renditions(photo_id=photo_id)
    return True


def _featured(district: District) -> list[FeaturedListing]:
    """Caller holds the transaction; locks the district so two curators reorder in turn."""
    District.objects.select_for_update().filter(pk=district.pk).first()
    return list(district.featured_listings.order_by("position", "pk"))


def _renumber(rows: list[FeaturedListing]) -> None:
    for position, row in enumerate(rows):
        row.position = position
    FeaturedListing.objects.bulk_update(rows, ["position"])
    if rows:  # bulk_update sends no post_save
        bump_on_commit(district_scope(rows[0].district_id), HOME)


@transaction.atomic
def feature_listing(*, district: District, listing: Listing) -> FeaturedListing:
    """Add a live listing of this district at the end of its featured listings."""
    rows = _featured(district)
    if listing.district_id != district.pk:
        raise CannotFeature(_("Only a listing of this district can be featured here."))
    if not Listing.objects.live().filter(pk=listing.pk).exists():
        raise CannotFeature(_("Only a live listing can be featured."))
    if any(row.listing_id == listing.pk for row in rows):
        raise CannotFeature(_("This listing is featured already."))
    if len(rows) >= MAX_FEATURED:
        raise CannotFeature(
            _("A district features at most %(max)d listings. Remove one first.")
            % {"max": MAX_FEATURED}
        )
    top = district.featured_listings.aggregate(top=Max("position"))["top"]
    return FeaturedListing.objects.create(
        district=district, listing=listing, position=0 if top is None else top + 1
    )


@transaction.atomic
def unfeature_listing(*, district: District, listing: Listing) -> None:
    rows = _featured(district)
    kept = [row for row in rows if row.listing_id != listing.pk]
    if len(kept) == len(rows):
        raise CannotFeature(_("This listing is not featured."))
    FeaturedListing.objects.filter(district=district, listing=listing).delete()
    _renumber(kept)


@transaction.atomic
def move_featured_listing(*, district: District, listing: Listing, offset: int) -> None:
    """Move a featured listing one place earlier (-1) or later (+1)."""
    rows = _featured(district)
    index = next((i for i, row in enumerate(rows) if row.listing_id == listing.pk), None)
    if index is None:
        raise CannotFeature(_("This listing is not featured."))
    target = min(max(index + offset, 0), len(rows) - 1)
    rows.insert(target, rows.pop(index))
    _renumber(rows)


def featured_order(*, district: District) -> list[int]:
    """The ids of the district's featured listings, in order (for the audit log)."""
    return list(
        district.featured_listings.order_by("position", "pk").values_list("listing_id", flat=True)
    )
