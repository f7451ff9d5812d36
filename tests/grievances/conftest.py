import pytest


@pytest.fixture(autouse=True)
def _email_and_site(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://testserver"
    settings.GRIEVANCE_OFFICER = {"name": "Gita Grievance", "email": "officer@example.test"}


@pytest.fixture
def session_queries(settings):
    """1 when sessions live in the database (embedded mode), 0 with Redis-cached sessions."""
    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0
