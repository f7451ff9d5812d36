"""Rows waiting in the curators' queues, made the way the site makes them."""

from datetime import timedelta

from django.utils import timezone

from catalog.models import Listing, ListingStatusChange
from orders.models import ReturnRequest, Shipment
from orders.services import returns, seller_move
from sellers.models import Seller
from tests.factories import ListingFactory, OdopProductFactory, SellerFactory, UserFactory
from tests.orders.factories import place
from tests.sellers.factories import SellerDocumentFactory


def submitted_seller(*, days_ago: int = 1, documents: int = 1, **kwargs) -> Seller:
    values = {
        "mobile": "9876543210",
        "pan": "AAPFU0939F",
        "udyam_number": "UDYAM-UP-01-0000001",
        "bank_account_number": "123456789012",
        "ifsc": "SBIN0001234",
        **kwargs,
    }
    seller = SellerFactory(
        status=Seller.Status.SUBMITTED,
        status_changed_at=timezone.now() - timedelta(days=days_ago),
        **values,
    )
    SellerDocumentFactory.create_batch(documents, seller=seller)
    return seller


def submitted_listing(*, days_ago: int = 1, photos: int = 1, **kwargs) -> Listing:
    listing = ListingFactory(status=Listing.Status.SUBMITTED, photos=photos, **kwargs)
    change = ListingStatusChange.objects.create(
        listing=listing, from_status="draft", to_status="submitted", changed_by=listing.seller.user
    )
    ListingStatusChange.objects.filter(pk=change.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return listing


def gi_claim(*, number: str = "AU/GI/00042", **kwargs) -> Listing:
    """A live listing of a GI-tagged product whose authorised-user number nobody checked."""
    listing = ListingFactory(**kwargs)
    product = OdopProductFactory(district=listing.district, is_gi_tagged=True)
    Listing.objects.filter(pk=listing.pk).update(
        odop_product=product, gi_authorised_user_number=number
    )
    listing.refresh_from_db()
    return listing


def disputed_return(*, buyer=None, seller=None) -> ReturnRequest:
    """A delivered cash-on-delivery order, a return the seller rejected and the buyer disputes."""
    buyer = buyer or UserFactory()
    listing = ListingFactory(**({"seller": seller} if seller else {}))
    order = place(buyer=buyer, items=[(listing, 1)])
    shipment = order.shipments.get()
    user = listing.seller.user
    for to in (Shipment.Status.ACCEPTED, Shipment.Status.PACKED):
        seller_move(shipment=shipment, to=to, by=user)
    seller_move(
        shipment=shipment,
        to=Shipment.Status.DISPATCHED,
        by=user,
        courier="DTDC",
        tracking_number="D",
    )
    seller_move(shipment=shipment, to=Shipment.Status.DELIVERED, by=user)
    rr = returns.request_return(
        line=shipment.lines.get(),
        buyer=buyer,
        quantity=1,
        reason="damaged",
        details="The lid was cracked.",
        refund_to="bina@okaxis",
    )
    returns.reject_return(return_request=rr, by=user, reason="It left here intact.")
    returns.dispute_return(return_request=rr, by=buyer, reason="The box was crushed.")
    rr.refresh_from_db()
    return rr
