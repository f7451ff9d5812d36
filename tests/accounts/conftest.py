# The same autouse fixtures as the seller tests: private media, migration rows.
import pytest
from django.core.cache.backends.locmem import LocMemCache

from tests.sellers.conftest import (  # noqa: F401
    _factory_state_codes_clear_of_real_ones,
    _migration_data,
    _private_media,
)


@pytest.fixture(autouse=True)
def _fresh_login_failure_counts(monkeypatch):
    """Each test counts attempts from zero, whatever an earlier run left in Redis."""
    monkeypatch.setattr("accounts.throttle.cache", LocMemCache(f"throttle-{id(monkeypatch)}", {}))
