from rest_framework import generics, serializers

from . import selectors
from .filters import ListingFilter
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
