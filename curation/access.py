"""Who may use /curate/: staff in the Curators group (and superusers). Everybody else: 403."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from sellers.access import is_curator

View = Callable[..., HttpResponse]


def curator_required(view: View) -> View:
    """Anonymous visitors go to the login page; signed-in non-curators get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_curator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
