from rest_framework import generics, serializers

from . import selectors
from .models import District, State


class StateSerializer(serializers.ModelSerializer):
    district_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = State
        fields = [
            "lgd_code",
            "iso_code",
            "gst_code",
            "name",
            "name_hi",
            "slug",
            "kind",
            "district_count",
        ]


class DistrictSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    live_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = District
        fields = ["lgd_code", "name", "name_hi", "slug", "state", "story", "live_count"]


class StateListAPI(generics.ListAPIView):
    serializer_class = StateSerializer
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.states_with_counts()


class StateDistrictListAPI(generics.ListAPIView):
    serializer_class = DistrictSerializer
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no URL
            return District.objects.none()
        state = selectors.state_detail(slug=self.kwargs["slug"])
        return selectors.state_districts(state=state).select_related("state")
