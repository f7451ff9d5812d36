import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.fields import IndianMobileField
from accounts.models import Address
from districts.models import State
from districts.pincodes import check_pin_code_in_state

from .models import Order, Shipment
from .services import payments
from .services.cart import MAX_QUANTITY


class AddToCartForm(forms.Form):
    listing = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1
    )


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=MAX_QUANTITY)


class AddressForm(forms.ModelForm):
    PIN_RE = re.compile(r"^[1-9][0-9]{5}$")

    mobile = IndianMobileField()

    class Meta:
        model = Address
        fields = ["full_name", "mobile", "line1", "line2", "city", "state", "pin_code"]
        widgets = {
            "pin_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = State.objects.order_by("name")
        self.fields["line2"].required = False

    def clean_pin_code(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data.get("pin_code", ""))

    def clean(self) -> dict:
        """The PIN code must be one of the chosen state's: GST and the sell-within-your-state
        rule follow the state, so a wrong one would dodge them."""
        data = super().clean()
        pin_code, state = data.get("pin_code", ""), data.get("state")
        if state is not None and self.PIN_RE.match(pin_code):  # a malformed PIN: the model says so
            try:
                check_pin_code_in_state(pin_code=pin_code, state=state)
            except ValidationError as error:
                self.add_error("pin_code", error)
        return data


class CheckoutForm(forms.Form):
    """Step one: where to deliver and how to pay. Prices are never part of the form."""

    address = forms.ModelChoiceField(
        label=_("Deliver to"),
        queryset=Address.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    payment_method = forms.ChoiceField(
        label=_("Payment"),
        choices=Order.PaymentMethod.choices,
        widget=forms.RadioSelect,
        initial=Order.PaymentMethod.COD,
    )

    def __init__(self, *args, addresses, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = addresses
        if not payments.is_online_available():
            self.fields["payment_method"].choices = [
                (Order.PaymentMethod.COD.value, Order.PaymentMethod.COD.label)
            ]


class PlaceOrderForm(CheckoutForm):
    """Step two: the reviewed total (to detect changes, never to charge) and a one-time key."""

    idempotency_key = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    expected_total = forms.DecimalField(max_digits=12, decimal_places=2, widget=forms.HiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class SellerMoveForm(forms.Form):
    to = forms.ChoiceField(choices=Shipment.Status.choices, widget=forms.HiddenInput)
    courier = forms.CharField(label=_("Courier"), max_length=80, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, required=False)


class PaymentCallbackForm(forms.Form):
    razorpay_payment_id = forms.CharField(max_length=64)
    razorpay_order_id = forms.CharField(max_length=64)
    razorpay_signature = forms.CharField(max_length=128)


class PaymentFailedForm(forms.Form):
    razorpay_order_id = forms.CharField(max_length=64)
    error_description = forms.CharField(max_length=300, required=False)
