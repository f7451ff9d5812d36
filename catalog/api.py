from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .filters import ListingFilter
from .gst_rules import RateBook
from .models import Listing


class ListingCardSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    seller = serializers.CharField(source="seller.display_name", read_only=True)
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    state = serializers.CharField(source="district.state.slug", read_only=True)
    odop_product = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_in_stock = serializers.BooleanField(read_only=True)
    shows_gi_badge = serializers.BooleanField(read_only=True)
    image = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = [
            "id",
            "url",
            "title",
            "price",
            "mrp",
            "stock",
            "is_in_stock",
            "seller",
            "district",
            "state",
            "odop_product",
            "category",
            "shows_gi_badge",
            "image",
        ]

    def get_image(self, listing: Listing) -> str | None:
        image = listing.main_image
        return image.card_url if image else None


class ListingDetailSerializer(ListingCardSerializer):
    class Meta(ListingCardSerializer.Meta):
        fields = [
            *ListingCardSerializer.Meta.fields,
            "description",
            "hsn_code",
            "gst_rate",
            "weight_grams",
            "country_of_origin",
        ]


class ListingListAPI(generics.ListAPIView):
    """Live listings; the same filters and search as /search/."""

    serializer_class = ListingCardSerializer
    filterset_class = ListingFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.live_listings()


class ListingDetailAPI(generics.RetrieveAPIView):
    serializer_class = ListingDetailSerializer

    def get_object(self) -> Listing:
        return selectors.listing_detail(pk=self.kwargs["pk"])


class HsnCodeSerializer(serializers.Serializer):
    """Output: an HSN code a listing may use and the GST rate that follows from it today."""

    code = serializers.CharField(source="hsn_prefix")
    description = serializers.CharField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    threshold = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    rate_above = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    notification = serializers.CharField()


class HsnCodeListAPI(APIView):
    """The HSN codes sellers pick from; above `threshold` (unit price, GST included) the rate
    is `rate_above`."""

    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(responses=HsnCodeSerializer(many=True))
    def get(self, request: Request) -> Response:
        rules = sorted(
            (rule for rule in RateBook.load().rules if len(rule.hsn_prefix) >= 4),
            key=lambda rule: rule.hsn_prefix,
        )
        return Response(HsnCodeSerializer(rules, many=True).data)
