"""GET /api/v1/: where the API's collections and its documentation are."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

ENTRY_POINTS = {
    "states": "api:state-list",
    "listings": "api:listing-list",
    "hsn_codes": "api:hsn-code-list",
    "cart": "api:cart",
    "orders": "api:order-list",
    "seller_listings": "api:seller-listing-list",
    "seller_shipments": "api:seller-shipment-list",
    "schema": "api:schema",
    "docs": "api:docs",
}


class ApiRootAPI(APIView):
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(
            {name: reverse(url_name, request=request) for name, url_name in ENTRY_POINTS.items()}
        )
