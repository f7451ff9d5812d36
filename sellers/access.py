"""Who may touch what: one helper per object type, 404 for anybody else's objects."""

from django.http import Http404

from accounts.models import User
from catalog.models import Listing, ListingImage

from .models import Seller, SellerDocument

CURATORS_GROUP = "Curators"


def is_curator(user: User) -> bool:
    """Staff in the Curators group (superusers can do everything anyway)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=CURATORS_GROUP).exists()


def get_own_listing_or_404(*, seller: Seller, pk: int) -> Listing:
    listing = (
        Listing.objects.select_related("odop_product", "category", "seller__district")
        .filter(seller=seller, pk=pk)
        .first()
    )
    if listing is None:
        raise Http404
    return listing


def get_own_listing_image_or_404(*, seller: Seller, listing_pk: int, pk: int) -> ListingImage:
    image = (
        ListingImage.all_objects.select_related("listing__seller")
        .filter(listing__seller=seller, listing_id=listing_pk, pk=pk)
        .first()
    )
    if image is None:
        raise Http404
    return image


def get_readable_document_or_404(*, user: User, pk: int) -> SellerDocument:
    """A KYC document for its own seller or a curator; 404 for everybody else, anonymous too."""
    if not user.is_authenticated:
        raise Http404
    documents = SellerDocument.objects.select_related("seller")
    if not is_curator(user):
        documents = documents.filter(seller__user=user)
    document = documents.filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def get_own_document_or_404(*, seller: Seller, pk: int) -> SellerDocument:
    document = SellerDocument.objects.select_related("seller").filter(seller=seller, pk=pk).first()
    if document is None:
        raise Http404
    return document
