"""Seller listings API: the same selectors, forms' rules and services as the /seller/ pages."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import services as catalog_services
from catalog.models import Listing

from . import selectors
from .access import get_own_listing_or_404
from .forms import ListingForm
from .models import Seller


def _seller_or_404(request: Request) -> Seller:
    seller = selectors.seller_for_user(user=request.user)
    if seller is None:
        raise Http404
    return seller


class SellerListingSerializer(serializers.ModelSerializer):
    """Output: one of the seller's own listings."""

    photos = serializers.SerializerMethodField()
    # A plain string: draft, submitted, live, rejected or paused.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id",
            "status",
            "rejection_reason",
            *ListingForm.Meta.fields,
            "gst_rate",
            "gi_verified_at",
            "photos",
        ]
        read_only_fields = fields

    def get_photos(self, listing: Listing) -> list[str]:
        return [image.card_url for image in listing.images.all()]


class ListingInputSerializer(serializers.Serializer):
    """Input: the listing form's fields; prices, seller and status from the client are ignored
    where the form does not take them (seller and status never)."""

    title = serializers.CharField(max_length=150)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    odop_product = serializers.IntegerField()
    category = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    mrp = serializers.DecimalField(max_digits=12, decimal_places=2)
    stock = serializers.IntegerField(min_value=0)
    # The GST rate follows the HSN code (and the price per piece): GET /api/v1/hsn-codes/
    hsn_code = serializers.CharField(max_length=8)
    weight_grams = serializers.IntegerField(min_value=0, required=False, default=500)
    country_of_origin = serializers.CharField(max_length=60, required=False, default="India")
    gi_authorised_user_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )


class ListingUpdateInputSerializer(ListingInputSerializer):
    """Input of PATCH: any of the listing form's fields, plus an optional stock precondition."""

    expected_stock = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text=(
            "The stock figure your change is based on (as last read from this API). With it, "
            "`stock` is set only if the listing still has exactly this stock; otherwise nothing "
            "is saved and the answer is 409 with error code `stock_changed` and the stock now "
            "in `error.details.stock`: read it, then send your change again. Without it, "
            "`stock` is set as given, so units sold meanwhile come back for sale: send it "
            "whenever the figure came from an earlier read. A PATCH without `stock` never "
            "changes stock."
        ),
    )


def _validated(data: dict[str, Any], *, seller: Seller, instance: Listing | None) -> dict:
    """The page form's rules (district's products, MRP >= price, an HSN code with a GST rule)."""
    values = {key: "" if value is None else str(value) for key, value in data.items()}
    if instance is not None:
        values["shown_stock"] = str(instance.stock)  # the service gets the API's own rule
    form = ListingForm(values, seller=seller, instance=instance)
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    cleaned = dict(form.cleaned_data)
    cleaned.pop("photos", None)
    cleaned.pop("shown_stock", None)
    return cleaned


def _form_values(listing: Listing) -> dict[str, Any]:
    return {
        field: getattr(listing, f"{field}_id" if field in ("odop_product", "category") else field)
        for field in ListingInputSerializer().fields
    }


class SellerListingListAPI(generics.ListCreateAPIView):
    """The seller's own listings, newest first; POST makes a draft."""

    permission_classes = [IsAuthenticated]
    serializer_class = SellerListingSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Listing.objects.none()
        return selectors.seller_listings(seller=_seller_or_404(self.request))

    @extend_schema(request=ListingInputSerializer, responses={201: SellerListingSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        seller = _seller_or_404(request)
        shape = ListingInputSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        data = _validated(shape.validated_data, seller=seller, instance=None)
        listing = catalog_services.create_listing(seller=seller, data=data)
        return Response(SellerListingSerializer(listing).data, status=status.HTTP_201_CREATED)


class SellerListingDetailAPI(APIView):
    """One of the seller's own listings; PATCH changes some fields (404 for anybody else's)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=SellerListingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        listing = get_own_listing_or_404(seller=_seller_or_404(request), pk=pk)
        return Response(SellerListingSerializer(listing).data)

    @extend_schema(request=ListingUpdateInputSerializer, responses=SellerListingSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        seller = _seller_or_404(request)
        listing = get_own_listing_or_404(seller=seller, pk=pk)
        shape = ListingUpdateInputSerializer(data={**_form_values(listing), **request.data})
        shape.is_valid(raise_exception=True)
        values = dict(shape.validated_data)
        expected_stock = values.pop("expected_stock", None)
        data = _validated(values, seller=seller, instance=listing)
        if "stock" not in request.data:
            del data["stock"]  # filled in from the read above, which a sale may have changed
        listing = catalog_services.update_listing(
            listing=listing, by=request.user, data=data, expected_stock=expected_stock
        )
        return Response(SellerListingSerializer(listing).data)


class SellerListingActionAPI(APIView):
    """submit, pause or resume one of the seller's own listings."""

    permission_classes = [IsAuthenticated]
    ACTIONS = {
        "submit": catalog_services.submit_listing,
        "pause": catalog_services.pause_listing,
        "resume": catalog_services.resume_listing,
    }

    @extend_schema(
        operation_id="seller_listings_action", request=None, responses=SellerListingSerializer
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        if action not in self.ACTIONS:
            raise Http404
        listing = get_own_listing_or_404(seller=_seller_or_404(request), pk=pk)
        listing = self.ACTIONS[action](listing=listing, by=request.user)
        return Response(SellerListingSerializer(listing).data)
