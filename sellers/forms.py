"""Onboarding and listing forms: shape and format checks; rules live in services."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.fields import IndianMobileField
from catalog.gst_rules import RateBook, hsn_choices
from catalog.images import (
    MAX_UPLOAD_BYTES,
    CleanImage,
    InvalidImage,
    check_upload,
)
from catalog.models import Category, Listing, OdopProduct
from catalog.services import MAX_PHOTOS
from districts.forms import StoryPhotoField, StoryTextField
from districts.models import District
from districts.pincodes import check_pin_code_in_state

from . import validators
from .documents import check_document
from .models import ProducerStory, Seller, SellerDocument


def product_label(product: OdopProduct) -> str:
    """An ODOP product and its district, named in the page's language."""
    return f"{product.display_name} ({product.district.display_name})"


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: District) -> str:
        return f"{obj.display_name} ({obj.state.display_name})"


class AboutForm(forms.ModelForm):
    district = DistrictChoiceField(
        queryset=District.objects.select_related("state").order_by("name", "state__name"),
        label=_("District"),
        help_text=_("Type the first letters of your district to find it."),
    )
    mobile = IndianMobileField()

    def __init__(self, *args: Any, district_query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Seller.Kind.choices  # radio buttons: no blank "-----"
        query = district_query.strip()
        if query:
            field = self.fields["district"]
            matches = field.queryset.filter(
                Q(name__icontains=query)
                | Q(name_hi__icontains=query)
                | Q(state__name__icontains=query)
            )
            # Keep the current choice selectable even when the search does not match it.
            if self.instance.district_id:
                matches = matches | field.queryset.filter(pk=self.instance.district_id)
            field.queryset = matches

    class Meta:
        model = Seller
        fields = ["kind", "display_name", "district", "mobile"]
        labels = {"display_name": _("Name buyers will see")}
        widgets = {"kind": forms.RadioSelect}


class ProductsForm(forms.Form):
    odop_products = forms.ModelMultipleChoiceField(
        queryset=OdopProduct.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Which of your district's ODOP products do you make?"),
        error_messages={"required": _("Choose at least one product.")},
    )

    def __init__(self, *args: Any, seller: Seller, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["odop_products"].queryset = (
            OdopProduct.objects.filter(district_id=seller.district_id)
            .select_related("district")
            .order_by("rank", "name")
        )
        self.fields["odop_products"].label_from_instance = product_label


class AddressForm(forms.ModelForm):
    class Meta:
        model = Seller
        fields = ["address", "pin_code"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
        self.fields["pin_code"].widget.attrs.update(inputmode="numeric", autocomplete="postal-code")

    def clean_pin_code(self) -> str:
        pin_code = validators.normalise_pin_code(self.cleaned_data.get("pin_code", ""))
        # The address is in the seller's district, so the PIN must be in its state.
        if self.instance.district_id:
            check_pin_code_in_state(pin_code=pin_code, state=self.instance.district.state)
        return pin_code


class TaxForm(forms.ModelForm):
    class Meta:
        model = Seller
        fields = ["pan", "gstin", "gst_enrolment_number", "udyam_number"]
        help_texts = {
            "gstin": _("Optional. Without a GSTIN you can sell only inside your own state."),
            "gst_enrolment_number": _("Needed only if you have no GSTIN."),
            "udyam_number": _("Like UDYAM-UP-00-0000000."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pan"].required = True
        self.fields["udyam_number"].required = True

    def clean_pan(self) -> str:
        return validators.normalise_pan(self.cleaned_data.get("pan", ""))

    def clean_gstin(self) -> str:
        value = self.cleaned_data.get("gstin", "")
        return validators.normalise_gstin(value) if value.strip() else ""

    def clean_gst_enrolment_number(self) -> str:
        value = self.cleaned_data.get("gst_enrolment_number", "")
        return validators.normalise_gst_enrolment(value) if value.strip() else ""

    def clean_udyam_number(self) -> str:
        return validators.normalise_udyam(self.cleaned_data.get("udyam_number", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        gstin = data.get("gstin")
        state_code = self.instance.district.state.gst_code
        if gstin:
            try:
                validators.check_gstin_matches(
                    gstin=gstin, state_gst_code=state_code, pan=data.get("pan", "")
                )
            except ValidationError as error:
                self.add_error("gstin", error)
            data["gst_enrolment_number"] = ""
        elif (
            "gstin" in data
            and not data.get("gst_enrolment_number")
            and "gst_enrolment_number" not in self.errors
        ):
            self.add_error(
                "gst_enrolment_number", _("Without a GSTIN, give your GST enrolment number.")
            )
        return data


class BankForm(forms.ModelForm):
    bank_account_number_again = forms.CharField(
        label=_("Bank account number, again"), max_length=18
    )

    class Meta:
        model = Seller
        fields = ["bank_account_number", "bank_account_number_again", "ifsc"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("bank_account_number", "ifsc"):
            self.fields[name].required = True
        for name in ("bank_account_number", "bank_account_number_again"):
            self.fields[name].widget.attrs.update(inputmode="numeric", autocomplete="off")
        if self.instance.bank_account_number and not self.is_bound:
            # Shown masked on the review page; here the seller types it afresh to change it.
            self.initial["bank_account_number"] = ""

    def clean_bank_account_number(self) -> str:
        return validators.normalise_bank_account(self.cleaned_data.get("bank_account_number", ""))

    def clean_ifsc(self) -> str:
        return validators.normalise_ifsc(self.cleaned_data.get("ifsc", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        again = (data.get("bank_account_number_again") or "").replace(" ", "")
        if data.get("bank_account_number") and again != data["bank_account_number"]:
            self.add_error(
                "bank_account_number_again", _("The two account numbers are not the same.")
            )
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=SellerDocument.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        self.content_type = check_document(upload)
        return upload


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the seller reads it)"), widget=forms.Textarea(attrs={"rows": 4})
    )


# --- Listings ---------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to 8 photos (listing photos; return photos in orders.forms), each checked from its
    header only: no pixel is decoded in the request; a worker decodes and cleans each one."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
    check = staticmethod(check_upload)

    def clean(self, data: Any, initial: Any = None) -> list[CleanImage]:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                _("Choose at most %(max)d photos.") % {"max": MAX_PHOTOS}, code="too_many"
            )
        photos = []
        for upload in uploads:
            upload = super().clean(upload, initial)
            name = upload.name
            # Refuse by size before reading anything into memory.
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    _("%(name)s is larger than 10 MB. Please upload a smaller photo.")
                    % {"name": name},
                    code="too_large",
                )
            try:
                photos.append(self.check(upload.read()))
            except InvalidImage as error:
                raise ValidationError(f"{name}: {error}", code="invalid_image") from None
        return photos


class ListingForm(forms.ModelForm):
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_(
            "Up to 8 JPEG, PNG or WebP photos, at most 10 MB each. The first is the main photo."
        ),
    )
    # The stock figure the edit page showed: the service applies the seller's change relative
    # to it, so sales made while the page was open are never written back.
    shown_stock = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This page is out of date. Please open it again and redo your change."),
        },
    )

    class Meta:
        model = Listing
        fields = [
            "title",
            "description",
            "odop_product",
            "category",
            "price",
            "mrp",
            "stock",
            "hsn_code",
            "weight_grams",
            "country_of_origin",
            "gi_authorised_user_number",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _("Plain text: how it is made, materials, size, care."),
            "hsn_code": _(
                "What the product is, for GST: the GST rate follows from it (and, for clothes "
                "and footwear, from the price per piece)."
            ),
            "gi_authorised_user_number": _(
                "Only for GI-tagged products: your authorised-user number. Curators check it "
                "before the GI badge shows."
            ),
            "mrp": _("Maximum retail price; at least the price."),
        }

    def __init__(self, *args: Any, seller: Seller, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seller = seller
        self.fields["odop_product"].queryset = (
            OdopProduct.objects.filter(district_id=seller.district_id)
            .select_related("district")
            .order_by("rank", "name")
        )
        self.fields["odop_product"].label = _("ODOP product")
        self.fields["odop_product"].label_from_instance = product_label
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].label = _("Category")
        self.fields["category"].label_from_instance = lambda category: category.display_name
        self.rate_book = RateBook.load()  # one query for the choices and the check
        choices = hsn_choices(self.rate_book)
        current = self.instance.hsn_code if self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, current))  # a longer code saved through the API
        self.fields["hsn_code"].widget = forms.Select(choices=[("", "---------"), *choices])
        if self.instance.pk:
            self.initial["shown_stock"] = self.instance.stock
            del self.fields["photos"]  # photos are managed on their own page once it exists
        else:
            del self.fields["shown_stock"]  # a new listing has no stock to race with
        for name in ("price", "mrp"):
            self.fields[name].widget.attrs.update(inputmode="decimal", min="0.01", step="0.01")

    def clean_hsn_code(self) -> str:
        value = (self.cleaned_data.get("hsn_code") or "").strip()
        if not value.isdigit() or not 4 <= len(value) <= 8 or not value.isascii():
            raise ValidationError(_("An HSN code has 4 to 8 digits."), code="invalid_hsn")
        if self.rate_book.rule_for(value) is None:
            raise ValidationError(
                _(
                    "ODOP Bazaar has no GST rate for HSN code %(code)s. Pick a code from the "
                    "list, or ask the curators to add it."
                )
                % {"code": value},
                code="unknown_hsn",
            )
        return value

    def clean_price(self) -> Decimal:
        price = self.cleaned_data["price"]
        if price <= 0:
            raise ValidationError(_("The price must be more than zero."), code="price")
        return price

    def clean_description(self) -> str:
        # Plain text, escaped on output; drop control characters a phone keyboard can paste.
        text = self.cleaned_data.get("description", "")
        return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        price, mrp = data.get("price"), data.get("mrp")
        if price is not None and mrp is not None and mrp < price:
            self.add_error("mrp", _("The MRP must be at least the price."))
        product = data.get("odop_product")
        if data.get("gi_authorised_user_number") and product and not product.is_gi_tagged:
            self.add_error(
                "gi_authorised_user_number",
                _("This ODOP product has no GI tag, so no authorised-user number is needed."),
            )
        return data

    def show_current_stock(self, stock: int) -> None:
        """After a refused stock change: show the figure as it is now, to edit again."""
        self.data = self.data.copy()
        self.data["stock"] = self.data["shown_stock"] = str(stock)


class PhotosForm(forms.Form):
    photos = PhotosField(label=_("Add photos"))


def change_request_form(kind: str, seller: Seller, data: Any = None) -> "BankForm | AddressForm":
    """The bank or address form, checking a change a verified seller asks for.

    It works on a copy of the seller, so validating never touches the seller itself.
    """
    form_class = {"bank": BankForm, "address": AddressForm}[kind]
    copy = Seller(pk=seller.pk, district=seller.district)
    if kind == "address":
        copy.address, copy.pin_code = seller.address, seller.pin_code
    else:
        copy.ifsc = seller.ifsc
    return form_class(data, instance=copy, prefix=kind)


class ProducerStoryForm(forms.Form):
    text = StoryTextField(
        label=_("Your story, in your own words"),
        required=True,
        max_length=ProducerStory.MAX_LENGTH,
        rows=8,
        help_text=_(
            "Who you are, how you learnt your craft or grow your crop, what makes your product "
            "special. Any language you like."
        ),
    )
    photo = StoryPhotoField(
        label=_("A photo of you or your work (optional; JPEG, PNG or WebP, up to 10 MB)"),
        required=False,
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)
    has_consent = forms.BooleanField(
        label=_(
            "I agree that ODOP Bazaar publishes my story, my name and this photo on my "
            "district's storefront and my listing pages. I can withdraw this at any time."
        ),
        required=True,
        error_messages={
            "required": _("Please tick the box to agree, or your story cannot be published.")
        },
    )
