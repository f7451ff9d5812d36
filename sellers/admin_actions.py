"""Admin actions that call services: approve, or reject with a reason on a small form page."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from odop_bazaar.errors import DomainError

from .forms import RejectForm


def apply_service(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    objects: Iterable[Model],
    call: Callable[[Model], Any],
    done: str,
) -> None:
    """Call the service on each object; report how many worked and why the others did not."""
    succeeded = 0
    for obj in objects:
        try:
            call(obj)
        except DomainError as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, done % {"count": succeeded}, messages.SUCCESS)


def with_reason(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    title: str,
    call: Callable[[Model, str], Any],
    done: str,
) -> HttpResponse | None:
    """First show a reason form for the chosen rows; on its POST, apply the service."""
    form = RejectForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        reason = form.cleaned_data["reason"]
        apply_service(modeladmin, request, queryset, lambda obj: call(obj, reason), done)
        return None
    return TemplateResponse(
        request,
        "admin/sellers/reason_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "objects": queryset,
            "form": form,
            "action": request.POST.get("action", ""),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )
