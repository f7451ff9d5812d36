"""Onboarding: a seller profile built step by step, each step saved as it is completed."""

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from catalog.models import OdopProduct
from districts.models import District

from ..errors import ProfileLocked
from ..models import Seller, SellerDocument

# Identity, tax and bank details: only the seller gives them, through the checked forms.
KYC_FIELDS = (
    "mobile",
    "pan",
    "gstin",
    "gst_enrolment_number",
    "udyam_number",
    "bank_account_number",
    "ifsc",
)
# What each onboarding step may change; the forms validate the values.
PROFILE_FIELDS = {"kind", "display_name", "district", "address", "pin_code", *KYC_FIELDS}


@transaction.atomic
def start_onboarding(
    *, user: User, kind: str, display_name: str, district: District, mobile: str
) -> Seller:
    """Create the user's seller profile in draft (the first onboarding step).

    A double-submitted first step finds the profile the first request made (one per user).
    """
    seller, _created = Seller.objects.get_or_create(
        user=user,
        defaults={
            "kind": kind,
            "display_name": display_name,
            "district": district,
            "mobile": mobile,
        },
    )
    return seller


def _check_editable(seller: Seller) -> None:
    if not seller.can_edit_profile:
        raise ProfileLocked(
            _("Your details are with the curators or already verified, so they cannot change now.")
        )


@transaction.atomic
def update_profile(
    *,
    seller: Seller,
    data: dict[str, Any],
    odop_products: Iterable[OdopProduct] | None = None,
) -> Seller:
    """Save one onboarding step; only while the profile is in draft or was rejected."""
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    _check_editable(seller)
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    district_changed = "district" in data and data["district"].pk != seller.district_id
    for field, value in data.items():
        setattr(seller, field, value)
    seller.save(update_fields=[*data.keys()] if data else None)
    if district_changed:
        # Products, and a GSTIN's state, belong to the old district: ask for them again.
        seller.odop_products.clear()
        if seller.gstin:
            seller.gstin = ""
            seller.save(update_fields=["gstin"])
    if odop_products is not None:
        seller.odop_products.set(odop_products)
    return seller


@transaction.atomic
def add_document(
    *, seller: Seller, kind: str, upload: UploadedFile, content_type: str
) -> SellerDocument:
    """Store a checked identity document in private storage under a random name."""
    _check_editable(seller)
    document = SellerDocument(
        seller=seller,
        kind=kind,
        original_name=(upload.name or "document")[:200],
        content_type=content_type,
        size=upload.size or 0,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    return document


@transaction.atomic
def remove_document(*, document: SellerDocument) -> None:
    """Delete a document (a wrong or blurred scan) while the profile may still change."""
    _check_editable(document.seller)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
