"""Sellers at each stage of onboarding, their documents, and photo files for upload tests."""

import importlib
import io
from typing import Any

import factory
from django.core.files.base import ContentFile
from PIL import Image

from districts.models import District, State
from sellers.models import Seller, SellerDocument
from tests.factories import DistrictFactory, OdopProductFactory, SellerFactory, StateFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A real GSTIN of Uttar Pradesh (09) and its PAN, and a Ladakh (38) one.
UP_PAN = "AAPFU0939F"
UP_GSTIN = "09AAPFU0939F1ZT"
LADAKH_GSTIN = "38AAPFU0939F1ZS"
MAHARASHTRA_GSTIN = "27AAPFU0939F1ZV"


# States these tests ask for by GST code, with their real names and ISO codes, so that the
# PIN codes posted through forms (209725 Kannauj, 194101 Leh...) agree with them.
REAL_STATES = {
    "09": {"name": "Uttar Pradesh", "iso_code": "IN-UP"},
    "27": {"name": "Maharashtra", "iso_code": "IN-MH"},
    "38": {"name": "Ladakh", "iso_code": "IN-LA"},
}


def state_with_gst_code(code: str, **extra: Any) -> State:
    """The state with this GST code, made if needed (factories number codes 00 to 99)."""
    return State.objects.filter(gst_code=code).first() or StateFactory(
        gst_code=code, **{**REAL_STATES.get(code, {}), **extra}
    )


def district_in(code: str) -> District:
    return DistrictFactory(state=state_with_gst_code(code))


class KycSellerFactory(SellerFactory):
    """A seller in draft with every onboarding step done except uploading a document."""

    class Meta:
        model = Seller
        skip_postgeneration_save = True

    status = Seller.Status.DRAFT
    district = factory.LazyFunction(lambda: district_in("09"))
    mobile = "9876543210"
    pan = UP_PAN
    gstin = UP_GSTIN
    udyam_number = "UDYAM-UP-01-0000001"
    bank_account_number = "123456789012"
    ifsc = "SBIN0001234"

    @factory.post_generation
    def products(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.odop_products.set([OdopProductFactory(district=self.district)])


class SellerDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerDocument

    seller = factory.SubFactory(KycSellerFactory)
    kind = SellerDocument.Kind.PAN_CARD
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="pan.pdf"))
    original_name = "pan.pdf"
    content_type = "application/pdf"
    size = len(PDF)


def image_bytes(
    size: tuple[int, int] = (800, 600), image_format: str = "JPEG", mode: str = "RGB", **save: Any
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, image_format, **save)
    return buffer.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (600, 400), orientation: int = 6) -> bytes:
    """A phone-like JPEG: GPS position in EXIF and an orientation tag (6 = rotate 90°)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (26.0, 58.0, 0.0), 3: "E", 4: (79.0, 55.0, 0.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def ensure_migration_data() -> None:
    """Rows our data migrations make (Curators group, GST rates and rate rules).

    A transactional test (browser, real worker) flushes every table when it ends, data
    migrations' rows included; later tests on a reused database would then miss them.
    """
    from django.apps import apps

    from catalog.gst_rules import load_rate_rules

    load_rate_rules()

    for module in (
        "sellers.migrations.0003_curators_group",
        "catalog.migrations.0004_gst_rate_data",
    ):
        migration = importlib.import_module(module)
        (
            migration.create_curators
            if hasattr(migration, "create_curators")
            else migration.add_rates
        )(apps, None)
