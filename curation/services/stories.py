"""Curating storefronts: district and ODOP product stories, hero photos, featured listings,
producer stories. Each function is one transaction: the owning app's service and one audit
entry, committed together or not at all."""

from collections.abc import Callable

from django.db import transaction

from accounts.models import User
from catalog import services as catalog_services
from catalog.images import CleanImage
from catalog.models import Listing, OdopProduct
from districts import services as district_services
from districts.models import District
from sellers import services as seller_services
from sellers.models import ProducerStory

from .. import audit

DISTRICT_STORY_FIELDS = ("story", "story_hi")


@transaction.atomic
def edit_district_story(*, by: User, district: District, story: str, story_hi: str) -> District:
    before = audit.snapshot(district, DISTRICT_STORY_FIELDS)
    district_services.update_district_story(district=district, story=story, story_hi=story_hi)
    audit.record(
        actor=by,
        action="district.story",
        obj=district,
        changes=audit.diff(before, audit.snapshot(district, DISTRICT_STORY_FIELDS)),
    )
    return district


@transaction.atomic
def edit_odop_product_story(*, by: User, product: OdopProduct, data: dict[str, str]) -> OdopProduct:
    fields = catalog_services.STORY_FIELDS
    before = audit.snapshot(product, fields)
    catalog_services.update_odop_product_story(product=product, data=data)
    audit.record(
        actor=by,
        action="odop_product.story",
        obj=product,
        changes=audit.diff(before, audit.snapshot(product, fields)),
    )
    return product


def _hero_name(owner: District | OdopProduct) -> str | None:
    photo = owner.hero_photo
    return photo.public_name if photo is not None else None  # named while still processing


@transaction.atomic
def set_hero_photo(
    *, by: User, owner: District | OdopProduct, photo: CleanImage, alt_text: str
) -> None:
    """A new hero photo for a district or an ODOP product (the old one is deleted)."""
    before = _hero_name(owner)
    district_services.replace_hero_photo(owner=owner, photo=photo, alt_text=alt_text)
    audit.record(
        actor=by,
        action=f"{owner._meta.model_name}.hero_photo",
        obj=owner,
        changes={"hero_photo": [before, _hero_name(owner)]},
    )


@transaction.atomic
def remove_hero_photo(*, by: User, owner: District | OdopProduct) -> None:
    before = _hero_name(owner)
    district_services.remove_hero_photo(owner=owner)
    audit.record(
        actor=by,
        action=f"{owner._meta.model_name}.hero_photo",
        obj=owner,
        changes={"hero_photo": [before, None]},
    )


def _featured_change(
    by: User, district: District, action: str, change: Callable[[], object]
) -> None:
    """Caller holds the transaction: apply `change`, record the order before and after."""
    before = district_services.featured_order(district=district)
    change()
    audit.record(
        actor=by,
        action=action,
        obj=district,
        changes={
            "featured_listings": [before, district_services.featured_order(district=district)]
        },
    )


@transaction.atomic
def feature_listing(*, by: User, district: District, listing: Listing) -> None:
    _featured_change(
        by,
        district,
        "district.feature",
        lambda: district_services.feature_listing(district=district, listing=listing),
    )


@transaction.atomic
def unfeature_listing(*, by: User, district: District, listing: Listing) -> None:
    _featured_change(
        by,
        district,
        "district.unfeature",
        lambda: district_services.unfeature_listing(district=district, listing=listing),
    )


@transaction.atomic
def move_featured_listing(*, by: User, district: District, listing: Listing, offset: int) -> None:
    _featured_change(
        by,
        district,
        "district.reorder_featured",
        lambda: district_services.move_featured_listing(
            district=district, listing=listing, offset=offset
        ),
    )


@transaction.atomic
def publish_producer_story(*, by: User, story: ProducerStory) -> ProducerStory:
    before = story.status
    story = seller_services.publish_producer_story(story=story)
    audit.record(
        actor=by,
        action="producer_story.publish",
        obj=story,
        changes={"status": [before, story.status]},
    )
    return story


@transaction.atomic
def reject_producer_story(*, by: User, story: ProducerStory, reason: str) -> ProducerStory:
    before = story.status
    story = seller_services.reject_producer_story(story=story, reason=reason)
    audit.record(
        actor=by,
        action="producer_story.reject",
        obj=story,
        changes={"status": [before, story.status]},
        reason=story.rejection_reason,
    )
    return story
