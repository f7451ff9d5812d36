from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart-add"),
    path("cart/lines/<int:listing_id>/", views.cart_update, name="cart-update"),
    path("cart/lines/<int:listing_id>/remove/", views.cart_remove, name="cart-remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/place/", views.place_order, name="place-order"),
    path("addresses/", views.address_list, name="address-list"),
    path("addresses/<int:pk>/delete/", views.address_delete, name="address-delete"),
    path("orders/", views.order_list, name="order-list"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/pay/", views.order_pay, name="order-pay"),
    path("orders/<int:pk>/pay/callback/", views.payment_callback, name="payment-callback"),
    path("orders/<int:pk>/pay/failed/", views.payment_failed, name="payment-failed"),
    path("shipments/<int:pk>/cancel/", views.shipment_cancel, name="shipment-cancel"),
    path("orders/lines/<int:pk>/return/", views.line_return, name="line-return"),
    path("returns/<int:pk>/withdraw/", views.return_withdraw, name="return-withdraw"),
    path("returns/<int:pk>/dispute/", views.return_dispute, name="return-dispute"),
    path("invoices/<int:pk>/", views.invoice, name="invoice"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice-pdf"),
    path("credit-notes/<int:pk>/", views.credit_note, name="credit-note"),
    path("credit-notes/<int:pk>/pdf/", views.credit_note_pdf, name="credit-note-pdf"),
    path("seller/orders/", views.seller_orders, name="seller-orders"),
    path("seller/orders/<int:pk>/", views.seller_shipment, name="seller-shipment"),
    path("seller/returns/", views.seller_returns, name="seller-returns"),
    path("seller/returns/<int:pk>/", views.seller_return_action, name="seller-return-action"),
]
