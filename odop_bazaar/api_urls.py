from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from catalog import api as catalog_api
from districts import api as districts_api
from orders import api as orders_api
from sellers import api as sellers_api

from .api_root import ApiRootAPI

app_name = "api"
urlpatterns = [
    path("", ApiRootAPI.as_view(), name="root"),
    path("states/", districts_api.StateListAPI.as_view(), name="state-list"),
    path(
        "states/<slug:slug>/districts/",
        districts_api.StateDistrictListAPI.as_view(),
        name="state-districts",
    ),
    path("listings/", catalog_api.ListingListAPI.as_view(), name="listing-list"),
    path("listings/<int:pk>/", catalog_api.ListingDetailAPI.as_view(), name="listing-detail"),
    path("hsn-codes/", catalog_api.HsnCodeListAPI.as_view(), name="hsn-code-list"),
    path("cart/", orders_api.CartAPI.as_view(), name="cart"),
    path("orders/", orders_api.OrderListAPI.as_view(), name="order-list"),
    path("orders/<int:pk>/", orders_api.OrderDetailAPI.as_view(), name="order-detail"),
    path(
        "orders/lines/<int:pk>/returns/",
        orders_api.LineReturnAPI.as_view(),
        name="line-return",
    ),
    path(
        "shipments/<int:pk>/cancel/", orders_api.ShipmentCancelAPI.as_view(), name="shipment-cancel"
    ),
    path(
        "seller/shipments/", orders_api.SellerShipmentListAPI.as_view(), name="seller-shipment-list"
    ),
    path(
        "seller/shipments/<int:pk>/move/",
        orders_api.SellerShipmentMoveAPI.as_view(),
        name="seller-shipment-move",
    ),
    path(
        "seller/listings/", sellers_api.SellerListingListAPI.as_view(), name="seller-listing-list"
    ),
    path(
        "seller/listings/<int:pk>/",
        sellers_api.SellerListingDetailAPI.as_view(),
        name="seller-listing-detail",
    ),
    path(
        "seller/listings/<int:pk>/<slug:action>/",
        sellers_api.SellerListingActionAPI.as_view(),
        name="seller-listing-action",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from the sidecar's static files, its script served apart (no inline script);
    # only its small inline <style> block needs a CSP exception, on this page alone.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]
