# The same autouse fixtures as the seller tests: eager tasks, private media, migration rows.
import pytest
from django.core.cache.backends.locmem import LocMemCache

from tests.sellers.conftest import _migration_data, _private_media_and_eager_tasks  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_login_failure_counts(monkeypatch):
    """Each test counts failed log-ins from zero, whatever an earlier run left in Redis."""
    monkeypatch.setattr(
        "accounts.forms.cache", LocMemCache(f"login-failures-{id(monkeypatch)}", {})
    )
