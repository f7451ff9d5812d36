import pytest


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def outsiders(buyer, seller, staff_outsider):
    """Everybody signed in who must not reach /curate/: a buyer, a seller, staff outside Curators."""
    return [buyer, seller.user, staff_outsider]


@pytest.fixture
def session_queries(settings):
    """1 when sessions live in the database (embedded mode), 0 with Redis-cached sessions."""
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0
