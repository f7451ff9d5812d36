import pytest

from tests.factories import StateFactory
from tests.sellers.factories import ensure_migration_data


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """KYC files in a throwaway folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Curators group and GST rates, even after a transactional test flushed them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    ensure_migration_data()


@pytest.fixture(autouse=True)
def _factory_state_codes_clear_of_real_ones():
    """StateFactory numbers GST codes n % 100; start it at 40 so that, within a test, it never
    makes 09, 27 or 38, the codes these tests ask for by name (the column is unique)."""
    StateFactory.reset_sequence(40)
