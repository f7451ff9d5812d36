"""Cart, checkout and orders for buyers, shipments for sellers: the same services as the pages.

Writes are plain APIViews: an input serializer checks the shape, one service does the work.
Prices, taxes and totals are never read from the request (read-only in every serializer).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .carts import DbCart
from .forms import normalise_refund_to
from .models import Order, OrderLine, Refund, ReturnRequest, Shipment
from .services import returns
from .services.cart import MAX_QUANTITY

# --- Output -------------------------------------------------------------------------------------


class CartItemSerializer(serializers.Serializer):
    listing = serializers.IntegerField(source="listing.pk")
    title = serializers.CharField(source="listing.title")
    seller = serializers.CharField(source="listing.seller.display_name")
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    line_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    price_when_added = serializers.DecimalField(max_digits=12, decimal_places=2)
    price_changed = serializers.BooleanField()
    stock_short = serializers.BooleanField()
    is_available = serializers.BooleanField()


class CartSerializer(serializers.Serializer):
    items = CartItemSerializer(many=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    count = serializers.IntegerField()


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = [
            "listing",
            "title",
            "hsn_code",
            "gst_rate",
            "unit_price",
            "quantity",
            "total",
            "taxable_value",
            "cgst",
            "sgst",
            "utgst",
            "igst",
            "returned_quantity",
        ]
        read_only_fields = fields


class RefundSerializer(serializers.ModelSerializer):
    payout_to = serializers.CharField(source="payout_to_masked", read_only=True)

    class Meta:
        model = Refund
        fields = [
            "id",
            "shipment",
            "amount",
            "reason",
            "method",
            "payout_to",
            "status",
            "failure_reason",
            "created_at",
            "processed_at",
        ]
        read_only_fields = fields


class ReturnRequestSerializer(serializers.ModelSerializer):
    refund_to = serializers.CharField(source="refund_to_masked", read_only=True)
    credit_note_number = serializers.CharField(
        source="credit_note.number", default=None, read_only=True
    )
    refund_status = serializers.CharField(source="refund.status", default=None, read_only=True)

    class Meta:
        model = ReturnRequest
        fields = [
            "id",
            "line",
            "quantity",
            "reason",
            "details",
            "status",
            "amount",
            "refund_to",
            "decision_reason",
            "dispute_reason",
            "curator_note",
            "pickup_courier",
            "pickup_tracking",
            "credit_note_number",
            "refund_status",
            "created_at",
            "received_at",
        ]
        read_only_fields = fields


class ShipmentSerializer(serializers.ModelSerializer):
    seller = serializers.CharField(source="seller.display_name", read_only=True)
    lines = OrderLineSerializer(many=True, read_only=True)
    invoice_number = serializers.CharField(source="invoice.number", default=None, read_only=True)
    returns = ReturnRequestSerializer(many=True, read_only=True)

    class Meta:
        model = Shipment
        fields = [
            "id",
            "seller",
            "status",
            "courier",
            "tracking_number",
            "cancel_reason",
            "total",
            "taxable_value",
            "total_tax",
            "credited_total",
            "invoice_number",
            "lines",
            "returns",
        ]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    progress = serializers.CharField(
        read_only=True, help_text="The order's status from its shipments."
    )
    payable_total = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        read_only=True,
        help_text="What the order costs now: shipments not cancelled, less returns.",
    )
    shipments = ShipmentSerializer(many=True, read_only=True)
    refunds = RefundSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "status",
            "progress",
            "payment_method",
            "is_paid",
            "total",
            "payable_total",
            "total_tax",
            "created_at",
            "expires_at",
            "shipments",
            "refunds",
        ]
        read_only_fields = fields


class OrderSummarySerializer(OrderSerializer):
    class Meta(OrderSerializer.Meta):
        fields = [
            f
            for f in OrderSerializer.Meta.fields
            if f not in {"shipments", "refunds", "progress", "payable_total"}
        ]
        read_only_fields = fields


class SellerShipmentSerializer(ShipmentSerializer):
    order = serializers.CharField(source="order.number", read_only=True)
    deliver_to = serializers.SerializerMethodField()

    class Meta(ShipmentSerializer.Meta):
        fields = [
            *(f for f in ShipmentSerializer.Meta.fields if f != "returns"),  # on the page
            "order",
            "deliver_to",
            "commission",
            "tcs",
            "tds",
            "net_payable",
        ]
        read_only_fields = fields

    def get_deliver_to(self, shipment: Shipment) -> str:
        return f"{shipment.order.ship_name}, {shipment.order.ship_address_line}"


# --- Buyers -------------------------------------------------------------------------------------


class CartAPI(APIView):
    """The logged-in buyer's cart: one item per listing, with current prices and warnings."""

    permission_classes = [IsAuthenticated]

    class LineInputSerializer(serializers.Serializer):
        listing = serializers.IntegerField(min_value=1)
        quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY)

    def _cart(self, request: Request) -> Response:
        summary = selectors.cart_summary(cart=DbCart(request.user))
        return Response(CartSerializer(summary).data)

    @extend_schema(responses=CartSerializer)
    def get(self, request: Request) -> Response:
        return self._cart(request)

    @extend_schema(request=LineInputSerializer, responses=CartSerializer)
    def put(self, request: Request) -> Response:
        """Set a listing's quantity (0 removes it); within stock."""
        data = self.LineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = DbCart(request.user)
        listing_id, quantity = data.validated_data["listing"], data.validated_data["quantity"]
        if quantity and listing_id not in {line.listing_id for line in cart.stored_lines()}:
            services.add_to_cart(cart=cart, listing_id=listing_id, quantity=quantity)
        else:
            services.set_quantity(cart=cart, listing_id=listing_id, quantity=quantity)
        return self._cart(request)


class OrderListAPI(generics.ListCreateAPIView):
    """The buyer's orders; POST places the cart as an order (send an Idempotency-Key header)."""

    permission_classes = [IsAuthenticated]
    serializer_class = OrderSummarySerializer

    class CheckoutInputSerializer(serializers.Serializer):
        address = serializers.IntegerField(min_value=1)
        payment_method = serializers.ChoiceField(choices=Order.PaymentMethod.choices)
        expected_total = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True
        )

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return selectors.buyer_orders(buyer=self.request.user)

    @extend_schema(
        request=CheckoutInputSerializer,
        responses={201: OrderSerializer, 200: OrderSerializer},
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True)
        ],
    )
    def post(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key", "").strip()
        if not 8 <= len(key) <= 64:
            raise serializers.ValidationError(
                {"Idempotency-Key": ["Send a unique key of 8 to 64 characters per checkout."]}
            )
        data = self.CheckoutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = selectors.get_own_address_or_404(
            user=request.user, pk=data.validated_data["address"]
        )
        existed = Order.objects.filter(buyer=request.user, idempotency_key=key).exists()
        order = services.place_order(
            buyer=request.user,
            address=address,
            payment_method=data.validated_data["payment_method"],
            idempotency_key=key,
            expected_total=data.validated_data.get("expected_total"),
        )
        order = selectors.get_buyer_order_or_404(buyer=request.user, pk=order.pk)
        return Response(
            OrderSerializer(order).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class OrderDetailAPI(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer

    def get_object(self) -> Order:
        return selectors.get_buyer_order_or_404(buyer=self.request.user, pk=self.kwargs["pk"])


class ShipmentCancelAPI(APIView):
    permission_classes = [IsAuthenticated]

    class CancelInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    @extend_schema(request=CancelInputSerializer, responses=ShipmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        shipment = selectors.get_buyer_shipment_or_404(buyer=request.user, pk=pk)
        data = self.CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.buyer_cancel(
            shipment=shipment, by=request.user, reason=data.validated_data["reason"]
        )
        return Response(ShipmentSerializer(Shipment.objects.get(pk=pk)).data)


class LineReturnAPI(APIView):
    """Ask to return units of a delivered line of one of the buyer's orders (photos: on the page).

    Refusals (window closed, not delivered, nothing left, no refund account for cash on
    delivery) answer 409 with the error shape.
    """

    permission_classes = [IsAuthenticated]

    class ReturnInputSerializer(serializers.Serializer):
        quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
        reason = serializers.ChoiceField(choices=ReturnRequest.Reason.choices)
        details = serializers.CharField(
            max_length=1000, required=False, allow_blank=True, default=""
        )
        refund_to = serializers.CharField(
            max_length=120,
            required=False,
            allow_blank=True,
            default="",
            help_text="Cash on delivery only: bank account number and IFSC, or a UPI id.",
        )

        def validate_refund_to(self, value: str) -> str:
            if not value.strip():
                return ""
            try:
                return normalise_refund_to(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None

    @extend_schema(request=ReturnInputSerializer, responses={201: ReturnRequestSerializer})
    def post(self, request: Request, pk: int) -> Response:
        line = selectors.get_buyer_line_or_404(buyer=request.user, pk=pk)
        data = self.ReturnInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return_request = returns.request_return(
            line=line, buyer=request.user, **data.validated_data
        )
        return Response(
            ReturnRequestSerializer(return_request).data, status=status.HTTP_201_CREATED
        )


# --- Sellers ------------------------------------------------------------------------------------


class SellerShipmentListAPI(generics.ListAPIView):
    """The seller's shipments of placed orders, newest first; ?status= filters."""

    permission_classes = [IsAuthenticated]
    serializer_class = SellerShipmentSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Shipment.objects.none()
        seller = selectors.get_seller_or_404(user=self.request.user)
        status_filter = self.request.query_params.get("status", "")
        if status_filter not in Shipment.Status.values:
            status_filter = ""
        return selectors.seller_shipments(seller=seller, status=status_filter)


class SellerShipmentMoveAPI(APIView):
    """Move one of the seller's shipments along the transition table."""

    permission_classes = [IsAuthenticated]

    class MoveInputSerializer(serializers.Serializer):
        to = serializers.ChoiceField(choices=Shipment.Status.choices)
        courier = serializers.CharField(max_length=80, required=False, default="")
        tracking_number = serializers.CharField(max_length=60, required=False, default="")
        reason = serializers.CharField(max_length=300, required=False, default="")

    @extend_schema(request=MoveInputSerializer, responses=SellerShipmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        seller = selectors.get_seller_or_404(user=request.user)
        shipment = selectors.get_seller_shipment_or_404(seller=seller, pk=pk)
        data = self.MoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.seller_move(shipment=shipment, by=request.user, **data.validated_data)
        fresh = get_object_or_404(
            Shipment.objects.select_related("order__ship_state", "seller", "invoice"), pk=pk
        )
        return Response(SellerShipmentSerializer(fresh).data)
