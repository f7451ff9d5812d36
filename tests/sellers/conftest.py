import pytest

from odop_bazaar.celery import app as celery_app
from tests.factories import StateFactory
from tests.sellers.factories import ensure_migration_data


@pytest.fixture(autouse=True)
def _private_media_and_eager_tasks(settings, tmp_path, request):
    """KYC files in a throwaway folder; tasks run inline unless the test needs a real worker.

    With REDIS_URL set, Celery sends tasks to Redis. Unit tests still want their effect, so
    they run eagerly here (inside django_capture_on_commit_callbacks(execute=True) for tasks
    queued on commit); tests using the `celery_worker_process` fixture talk to Redis and a
    real worker.
    """
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    if "celery_worker_process" in request.fixturenames:
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


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
