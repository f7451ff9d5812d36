"""Outside the language prefix: the payment gateway posts here, in no language."""

from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("razorpay/webhook/", views.razorpay_webhook, name="razorpay-webhook"),
]
