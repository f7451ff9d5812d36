"""Apply one curation service to several objects: each in its own transaction, errors reported."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from odop_bazaar.errors import DomainError


def apply_to_each(
    request: HttpRequest, objects: Iterable[Model], call: Callable[[Model], Any]
) -> int:
    """Call the service on each object; say how many worked and why the others did not."""
    done = 0
    for obj in objects:
        try:
            call(obj)
        except DomainError as error:
            messages.error(request, f"{obj}: {error}")
        else:
            done += 1
    if done:
        messages.success(request, _("Done for %(count)d item(s).") % {"count": done})
    return done


# The ids a form may tick: digits only, and within the database's integer range (a longer
# number would overflow the query instead of matching nothing).
_MAX_ID = 2**31 - 1


def ticked(request: HttpRequest, queue: QuerySet) -> list[Model]:
    """The items of `queue` whose ids the POST ticked, in the queue's order. Ids that are not
    numbers, or no longer in the queue (another curator acted meanwhile), are left out."""
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit() and int(v) <= _MAX_ID]
    return list(queue.filter(pk__in=ids)) if ids else []
