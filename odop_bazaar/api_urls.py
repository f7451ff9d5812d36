from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from catalog import api as catalog_api
from districts import api as districts_api

app_name = "api"
urlpatterns = [
    path("states/", districts_api.StateListAPI.as_view(), name="state-list"),
    path(
        "states/<slug:slug>/districts/",
        districts_api.StateDistrictListAPI.as_view(),
        name="state-districts",
    ),
    path("listings/", catalog_api.ListingListAPI.as_view(), name="listing-list"),
    path("listings/<int:pk>/", catalog_api.ListingDetailAPI.as_view(), name="listing-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
