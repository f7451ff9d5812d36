"""Deterministic races: run a competing action at a chosen point of another, as Saleor's
`tests/race_condition.py` does.

    with run_before("orders.services.checkout._lock_cart", lambda *a, **k: place_again()):
        place_order(...)

The hook runs once, in the same thread and connection, just before (or after) the patched
function, so the interleaving is the same on every run and on SQLite as on PostgreSQL. Thread
storms in `test_concurrency.py` modules add the real-connection version on PostgreSQL.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any
from unittest import mock

from django.utils.module_loading import import_string


@contextmanager
def _patched(target: str, hook: Callable[..., Any], *, before: bool) -> Iterator[list[Any]]:
    module_path, name = target.rsplit(".", 1)
    owner = import_string(module_path)
    original = getattr(owner, name)
    results: list[Any] = []
    fired = False

    @wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal fired
        if fired:  # the hook's own call of the target, and every later one, run plainly
            return original(*args, **kwargs)
        fired = True
        if before:
            results.append(hook(*args, **kwargs))
            return original(*args, **kwargs)
        value = original(*args, **kwargs)
        results.append(hook(*args, **kwargs))
        return value

    with mock.patch.object(owner, name, wrapper):
        yield results


def run_before(target: str, hook: Callable[..., Any]) -> Any:
    """Patch `target` ("package.module.function") so `hook` runs once just before it.

    The context manager yields a list that holds the hook's return value once it has run.
    """
    return _patched(target, hook, before=True)


def run_after(target: str, hook: Callable[..., Any]) -> Any:
    """Patch `target` so `hook` runs once right after it returns."""
    return _patched(target, hook, before=False)
