"""What every queue and item page does with a POST: one action with a reason, or a bulk action.

Item pages render one small form per action (approve, reject...); a POST names its `action`.
A bad reason re-renders the page with the form's error (status 400); a refused transition
(a DomainError) becomes a message; nothing half-done is ever left behind.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from odop_bazaar.errors import DomainError

from ..bulk import apply_to_each, ticked
from ..forms import BulkSelectionForm, OptionalReasonForm, ReasonForm


@dataclass(frozen=True)
class Action:
    name: str
    label: Any  # lazy text on the button
    call: Callable[[Model, Any, str], Any]  # (obj, curator, reason)
    needs_reason: bool = False
    done: Any = gettext_lazy("Done.")
    style: str = ""  # "danger" for rejecting, suspending

    def form(self, data: Any = None) -> forms.Form:
        form_class = ReasonForm if self.needs_reason else OptionalReasonForm
        return form_class(data, auto_id=f"id_{self.name}_%s")


@dataclass
class Outcome:
    forms: dict[str, forms.Form]
    response: HttpResponse | None = None
    status: int = 200
    extra: dict[str, Any] = field(default_factory=dict)


def item_action(
    request: HttpRequest, obj: Model, actions: list[Action], *, success_url: str
) -> Outcome:
    """Forms for the actions on an item page; on POST, run the one named in `action`."""
    available = {action.name: action for action in actions}
    outcome = Outcome(forms={name: action.form() for name, action in available.items()})
    if request.method != "POST":
        return outcome
    action = available.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("This action is not available for this item any more."))
        outcome.response = redirect(request.get_full_path())
        return outcome
    form = action.form(request.POST)
    outcome.forms[action.name] = form
    if not form.is_valid():
        outcome.status = 400
        return outcome
    try:
        action.call(obj, request.user, form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, str(error))
        outcome.response = redirect(request.get_full_path())
        return outcome
    messages.success(request, str(action.done))
    outcome.response = redirect(success_url)
    return outcome


def bulk_action(
    request: HttpRequest, queue: QuerySet, actions: list[Action]
) -> tuple[BulkSelectionForm, HttpResponse | None]:
    """The queue page's ticked items: apply one action to each (each in its own transaction)."""
    if request.method != "POST":
        return BulkSelectionForm(allowed_ids=()), None
    allowed = [obj.pk for obj in ticked(request, queue.order_by("pk"))]
    form = BulkSelectionForm(request.POST, allowed_ids=allowed)
    action = {a.name: a for a in actions}.get(request.POST.get("action", ""))
    if not form.is_valid():
        return form, None
    if action is None:
        form.add_error(None, _("Please choose what to do with the ticked items."))
        return form, None
    reason = form.cleaned_data["reason"]
    if action.needs_reason and not reason:
        form.add_error("reason", _("Please give a reason the seller can act on."))
        return form, None
    objects = queue.filter(pk__in=form.cleaned_data["ids"]).order_by("pk")
    apply_to_each(request, objects, lambda obj: action.call(obj, request.user, reason))
    return form, redirect(request.get_full_path())
