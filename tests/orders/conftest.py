import importlib

import pytest
from django.apps import apps

from tests.conftest import with_database
from tests.factories import DistrictFactory, ListingFactory, SellerFactory, StateFactory


@pytest.fixture(autouse=True)
def _email_and_site(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://testserver"
    settings.PAYMENT_GATEWAY = "orders.services.payments.FakeGateway"
    settings.FAKE_PAYMENTS_ALLOWED = True
    settings.RAZORPAY_KEY_SECRET = "test-key-secret"
    settings.RAZORPAY_WEBHOOK_SECRET = "test-webhook-secret"


@pytest.fixture
def session_queries(settings):
    """1 when sessions live in the database (embedded mode), 0 with Redis-cached sessions."""
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0


@pytest.fixture
def up(db):
    """Uttar Pradesh, a state with a legislature (CGST + SGST)."""
    return StateFactory(name="Uttar Pradesh", gst_code="09")


@pytest.fixture
def listing(seller):
    """A live listing of the verified `seller`, ₹499 at 5 % GST, 20 in stock."""
    return ListingFactory(seller=seller, title="Kannauj Attar 10 ml")


@pytest.fixture
def other_listing(other_seller):
    """A listing of `other_seller`, made GST-registered so it may deliver to any state."""
    other_seller.gstin = "07AAPFU0939F1ZX"
    other_seller.save(update_fields=["gstin"])
    return ListingFactory(
        seller=other_seller,
        title="Rose Attar 100 ml",
        price="1180.00",
        mrp="1500.00",
        hsn_code="3303",
        gst_rate="18.00",
    )


@pytest.fixture
def registered_seller(db):
    """A GST-registered seller (may deliver anywhere)."""
    return SellerFactory(gstin="09AAPFU0939F1ZV", district=DistrictFactory())


@pytest.fixture(autouse=True)
def gst_rates(request):
    """The dated GST rates from catalog's data migration: transactional tests (ours and
    others') flush them away, and a reused test database keeps the flushed state."""
    if not with_database(request):
        return
    migration = importlib.import_module("catalog.migrations.0004_gst_rate_data")
    migration.add_rates(apps, None)
