"""The rerunnable battery (bench/reliability.py) passes against the site served by the suite."""

import pytest

from bench import reliability
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def _forget_the_batterys_attempts():
    """Its wrong passwords and sign-ups count against 127.0.0.1 in the shared cache (Redis on
    CI): later tests that log in from the same address must not inherit them."""
    yield
    from django.core.cache import cache

    cache.delete_many(["login-failures:ip:127.0.0.1", "signups:ip:127.0.0.1"])


@pytest.mark.usefixtures("_forget_the_batterys_attempts")
def test_the_battery_passes_against_a_live_server(live_server, capsys):
    from tests.sellers.factories import ensure_migration_data

    ensure_migration_data()
    user = UserFactory(email="battery@example.test")

    status = reliability.main([live_server.url, "--email", user.email, "--password", PASSWORD])

    out = capsys.readouterr().out
    assert status == 0, out
    assert out.count("PASS") == len(reliability.CHECKS), out
