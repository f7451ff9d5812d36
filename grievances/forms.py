from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from sellers.models import Seller

from . import selectors
from .models import Grievance


class GrievanceForm(forms.Form):
    """A complaint: who is writing (buyer or seller), about what, and optionally which order."""

    role = forms.ChoiceField(
        label=_("You are writing as"),
        choices=Grievance.Role.choices,
        widget=forms.RadioSelect,
        initial=Grievance.Role.BUYER,
    )
    subject = forms.ChoiceField(label=_("What is it about?"), choices=Grievance.Subject.choices)
    order_number = forms.CharField(
        label=_("Order number (optional)"),
        help_text=_("For example OB0000123, as on your order page."),
        max_length=20,
        required=False,
        strip=True,
    )
    description = forms.CharField(
        label=_("What happened, and what would put it right?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        strip=True,
    )

    def __init__(self, *args, user: User, seller: Seller | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.seller = seller
        if seller is None:
            # Only people with a seller profile may write as a seller.
            self.fields["role"].choices = [(Grievance.Role.BUYER, Grievance.Role.BUYER.label)]
            self.fields["role"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        number = data.get("order_number") or ""
        data["order"] = data["shipment"] = None
        if not number or "role" not in data:
            return data
        if data["role"] == Grievance.Role.SELLER:
            shipment = selectors.seller_shipment_in_order(seller=self.seller, number=number)
            if shipment is None:
                self.add_error("order_number", _("None of your shipments is in that order."))
            else:
                data["shipment"], data["order"] = shipment, shipment.order
        else:
            order = selectors.buyer_order_by_number_or_pk(buyer=self.user, number=number)
            if order is None:
                self.add_error("order_number", _("You have no order with that number."))
            else:
                data["order"] = order
        return data


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label=_("Add to your grievance"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        strip=True,
    )
