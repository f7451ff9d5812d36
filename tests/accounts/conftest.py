# The same autouse fixtures as the seller tests: eager tasks, private media, migration rows.
from tests.sellers.conftest import _migration_data, _private_media_and_eager_tasks  # noqa: F401
