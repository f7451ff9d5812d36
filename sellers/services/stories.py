"""Producer stories: the seller writes and consents, a curator publishes or rejects."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.images import CleanImage
from districts import services as district_services

from ..errors import ConsentRequired, ProfileLocked, ReasonRequired, TransitionNotAllowed
from ..models import ProducerStory, Seller

P = ProducerStory.Status


@transaction.atomic
def save_producer_story(
    *,
    seller: Seller,
    text: str,
    has_consent: bool,
    photo: CleanImage | None = None,
    remove_photo: bool = False,
) -> ProducerStory:
    """Write or rewrite the seller's story; it goes to the curators (again) with consent."""
    if seller.status == Seller.Status.SUSPENDED:
        raise ProfileLocked(_("Your seller account is suspended: your story cannot change."))
    if not has_consent:
        raise ConsentRequired(_("Please agree to have your story and photo published."))
    text = (text or "").strip()
    if not text:
        raise ReasonRequired(_("Please write a few words about your work."))
    story = ProducerStory.objects.select_for_update().filter(seller=seller).first()
    if story is None:
        story = ProducerStory(seller=seller)
    old_photo = story.photo if (photo is not None or remove_photo) else None
    if photo is not None:
        story.photo = district_services.add_story_photo(
            photo=photo, alt_text=_("%(seller)s at work") % {"seller": seller.display_name}
        )
    elif remove_photo:
        story.photo = None
    now = timezone.now()
    story.text = text[: ProducerStory.MAX_LENGTH]
    story.has_consent, story.consented_at = True, now
    story.status, story.rejection_reason = P.PENDING, ""
    story.submitted_at, story.published_at = now, None
    story.save()
    if old_photo is not None:
        district_services.delete_story_photo(photo=old_photo)
    return story


@transaction.atomic
def withdraw_producer_story_consent(*, seller: Seller) -> ProducerStory:
    """The seller takes back consent: the story leaves every page at once, its photo is
    deleted."""
    story = ProducerStory.objects.select_for_update().filter(seller=seller).first()
    if story is None or not story.has_consent:
        raise TransitionNotAllowed(_("No consent given"), P.WITHDRAWN.label)
    photo = story.photo
    story.has_consent, story.status, story.published_at = False, P.WITHDRAWN, None
    story.photo = None
    story.save(update_fields=["has_consent", "status", "published_at", "photo"])
    if photo is not None:
        # Its files sit under the public media URL: without consent they go too. The words
        # stay, for the seller to send again.
        district_services.delete_story_photo(photo=photo)
    return story


def _decide(story: ProducerStory, to: str) -> ProducerStory:
    """Caller holds the transaction; only a pending story with consent may be decided."""
    story = ProducerStory.objects.select_for_update().select_related("seller").get(pk=story.pk)
    if story.status != P.PENDING or not story.has_consent:
        raise TransitionNotAllowed(P(story.status).label, P(to).label)
    return story


@transaction.atomic
def publish_producer_story(*, story: ProducerStory) -> ProducerStory:
    """A curator publishes a pending story the seller consented to."""
    story = _decide(story, P.PUBLISHED)
    story.status, story.published_at = P.PUBLISHED, timezone.now()
    story.save(update_fields=["status", "published_at"])
    return story


@transaction.atomic
def reject_producer_story(*, story: ProducerStory, reason: str) -> ProducerStory:
    """A curator declines a story, with a reason the seller sees and can act on."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(_("Please give a reason the seller can act on."))
    story = _decide(story, P.REJECTED)
    story.status, story.rejection_reason = P.REJECTED, reason
    story.save(update_fields=["status", "rejection_reason"])
    return story
