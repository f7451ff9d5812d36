import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.fields import IndianMobileField
from accounts.models import Address
from catalog.images import CleanImage
from districts.models import State
from districts.pincodes import check_pin_code_in_state
from sellers.forms import PhotosField
from sellers.validators import IFSC_RE

from .models import Order, ReturnRequest, Shipment
from .services import payments
from .services.cart import MAX_QUANTITY
from .services.returns import MAX_RETURN_PHOTOS


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
        self.fields["state"].label_from_instance = lambda state: state.display_name
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


UPI_RE = re.compile(r"^[A-Za-z0-9._-]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}$")
ACCOUNT_RE = re.compile(r"^\d{9,18}$")


def normalise_refund_to(value: str) -> str:
    """A UPI id (name@bank), or an account number of 9 to 18 digits and an IFSC, in one form:
    "name@bank" or "123456789012 SBIN0001234"."""
    value = value.strip()
    if "@" in value:
        if not UPI_RE.match(value):
            raise forms.ValidationError(
                _("Enter a UPI id such as name@okaxis."), code="invalid_upi"
            )
        return value
    parts = re.split(r"[\s,;/]+", value.upper())
    parts = [p for p in parts if p and p not in {"A/C", "AC", "IFSC", "IFSC:"}]
    account = next((p for p in parts if ACCOUNT_RE.match(p)), None)
    ifsc = next((p for p in parts if IFSC_RE.match(p)), None)
    if account is None or ifsc is None or len(parts) != 2:
        raise forms.ValidationError(
            _(
                "Enter a bank account number (9 to 18 digits) and its IFSC (such as "
                "SBIN0001234), or a UPI id such as name@okaxis."
            ),
            code="invalid_bank_account",
        )
    return f"{account} {ifsc}"


class ReturnPhotosField(PhotosField):
    """Up to three photos of the item, checked from their header as listing photos are; a
    worker decodes and strips them (orders.tasks.process_return_photo)."""

    def clean(self, data: Any, initial: Any = None) -> list[CleanImage]:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(uploads) > MAX_RETURN_PHOTOS:
            raise forms.ValidationError(
                _("Choose at most %(max)d photos.") % {"max": MAX_RETURN_PHOTOS},
                code="too_many",
            )
        return super().clean(data, initial)


class ReturnRequestForm(forms.Form):
    quantity = forms.IntegerField(label=_("How many to return"), min_value=1)
    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnRequest.Reason.choices)
    details = forms.CharField(
        label=_("What is wrong (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = ReturnPhotosField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to 3 JPEG, PNG or WebP photos, at most 10 MB each."),
    )
    refund_to = forms.CharField(
        label=_("Refund to: bank account number and IFSC, or UPI id"),
        max_length=120,
        required=False,
        help_text=_("You paid cash on delivery, so we send the refund here."),
    )

    def __init__(self, *args, max_quantity: int, is_cod: bool, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["quantity"].max_value = max_quantity
        self.fields["quantity"].validators.append(MaxValueValidator(max_quantity))
        self.fields["quantity"].widget.attrs["max"] = max_quantity
        self.fields["quantity"].initial = max_quantity
        if is_cod:
            self.fields["refund_to"].required = True
        else:
            del self.fields["refund_to"]

    def clean_refund_to(self) -> str:
        return normalise_refund_to(self.cleaned_data["refund_to"])


class ReturnDecisionForm(forms.Form):
    """The seller's answer to a return: accept, reject with a reason, book pickup, receive."""

    action = forms.ChoiceField(
        choices=[(a, a) for a in ("accept", "reject", "pickup", "receive")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=300, required=False)
    courier = forms.CharField(label=_("Pickup courier"), max_length=80, required=False)
    tracking_number = forms.CharField(
        label=_("Pickup tracking number"), max_length=60, required=False
    )
    resaleable = forms.TypedChoiceField(
        label=_("Can it be sold again?"),
        choices=[("yes", _("Yes, put it back in stock")), ("no", _("No, it is damaged or used"))],
        coerce=lambda value: value == "yes",
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "receive" and self.data.get("resaleable") not in {"yes", "no"}:
            self.add_error("resaleable", _("Say whether the item can be sold again."))
        return data


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("Why you disagree"), max_length=300)
