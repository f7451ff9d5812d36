"""The curators' reads: each queue oldest first, and the pages behind them."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from catalog.models import Listing, ListingStatusChange
from orders.models import Refund, ReturnRequest, ReturnStatusChange, Shipment
from sellers.models import Seller, SellerChangeRequest

# --- Sellers --------------------------------------------------------------------------------


def sellers_to_verify() -> QuerySet[Seller]:
    """Submitted sellers, the longest waiting first."""
    return (
        Seller.objects.filter(status=Seller.Status.SUBMITTED)
        .select_related("user", "district__state")
        .annotate(
            waiting_since=Coalesce("status_changed_at", "created_at"),
            document_count=Count("documents"),
        )
        .order_by("waiting_since", "pk")
    )


def search_sellers(query: str) -> QuerySet[Seller]:
    """Any seller by display name, e-mail or GSTIN (part of any of them)."""
    sellers = Seller.objects.select_related("user", "district__state").order_by(
        "display_name", "pk"
    )
    query = query.strip()
    if query:
        sellers = sellers.filter(
            Q(display_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(gstin__icontains=query)
        )
    return sellers


def get_seller_or_404(pk: int) -> Seller:
    return get_object_or_404(Seller.objects.select_related("user", "district__state"), pk=pk)


RECENT = 10


def seller_activity(seller: Seller) -> dict[str, object]:
    """The seller's recent listings, shipments, returns and refunds, each with its total count."""
    listings = Listing.objects.filter(seller=seller).select_related("odop_product")
    shipments = Shipment.objects.filter(seller=seller).select_related("order")
    returns = ReturnRequest.objects.filter(shipment__seller=seller).select_related(
        "line", "shipment__order"
    )
    refunds = Refund.objects.filter(shipment__seller=seller).select_related("order")
    return {
        "listings": list(listings.order_by("-created_at", "-pk")[:RECENT]),
        "listing_count": listings.count(),
        "shipments": list(shipments.order_by("-created_at", "-pk")[:RECENT]),
        "shipment_count": shipments.count(),
        "returns": list(returns.order_by("-created_at", "-pk")[:RECENT]),
        "return_count": returns.count(),
        "refunds": list(refunds.order_by("-created_at", "-pk")[:RECENT]),
        "refund_count": refunds.count(),
    }


def change_requests_pending() -> QuerySet[SellerChangeRequest]:
    return (
        SellerChangeRequest.objects.filter(status=SellerChangeRequest.Status.PENDING)
        .select_related("seller__user")
        .order_by("created_at", "pk")
    )


def get_change_request_or_404(pk: int) -> SellerChangeRequest:
    return get_object_or_404(
        SellerChangeRequest.objects.select_related("seller__user", "seller__district__state"),
        pk=pk,
    )


# --- Listings -------------------------------------------------------------------------------


def _submitted_at() -> Subquery:
    return Subquery(
        ListingStatusChange.objects.filter(listing=OuterRef("pk"), to_status="submitted")
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )


def listings_to_moderate() -> QuerySet[Listing]:
    """Submitted listings, the longest waiting first (since their last submission)."""
    return (
        Listing.objects.filter(status=Listing.Status.SUBMITTED)
        .select_related("seller", "odop_product", "district__state", "category")
        .prefetch_related("images")
        .annotate(waiting_since=Coalesce(_submitted_at(), "created_at"))
        .order_by("waiting_since", "pk")
    )


def gi_claims_to_check() -> QuerySet[Listing]:
    """Listings of GI-tagged products claiming an authorised-user number no curator checked."""
    return (
        Listing.objects.filter(odop_product__is_gi_tagged=True, gi_verified_at__isnull=True)
        .exclude(gi_authorised_user_number="")
        .exclude(status=Listing.Status.DRAFT)
        .select_related("seller", "odop_product", "district__state")
        .order_by("updated_at", "pk")
    )


def get_listing_or_404(pk: int) -> Listing:
    return get_object_or_404(
        Listing.objects.select_related(
            "seller__user",
            "seller__district__state",
            "odop_product__district",
            "category",
            "district__state",
        ).prefetch_related("images"),
        pk=pk,
    )


def listing_history(listing: Listing) -> list[ListingStatusChange]:
    return list(listing.status_changes.select_related("changed_by").order_by("-created_at")[:20])


def other_listings(listing: Listing) -> tuple[list[Listing], int]:
    others = Listing.objects.filter(seller_id=listing.seller_id).exclude(pk=listing.pk)
    recent = list(
        others.select_related("odop_product")
        .prefetch_related("images")
        .order_by("-created_at", "-pk")[:12]
    )
    return recent, others.count()


# --- Returns --------------------------------------------------------------------------------


def disputed_returns() -> QuerySet[ReturnRequest]:
    """Disputed rejections, the longest waiting first (since the buyer disputed)."""
    disputed_at = Subquery(
        ReturnStatusChange.objects.filter(
            return_request=OuterRef("pk"), to_status=ReturnRequest.Status.DISPUTED
        )
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    return (
        ReturnRequest.objects.filter(status=ReturnRequest.Status.DISPUTED)
        .select_related("line", "shipment__seller", "shipment__order", "buyer")
        .annotate(disputed_at=Coalesce(disputed_at, "created_at"))
        .order_by("disputed_at", "pk")
    )


def get_return_or_404(pk: int) -> ReturnRequest:
    return get_object_or_404(
        ReturnRequest.objects.select_related(
            "line__listing", "shipment__seller", "shipment__order", "buyer"
        ).prefetch_related("photos", "history__by"),
        pk=pk,
    )
