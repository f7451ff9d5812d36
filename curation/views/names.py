"""/curate/names/: the Hindi names of districts, ODOP products, states and categories, waiting
for a curator's confirmation or correction."""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from catalog.models import Category, OdopProduct
from districts.models import District, State
from odop_bazaar.errors import DomainError

from ..access import curator_required
from ..bulk import apply_to_each, ticked
from ..queues import Queue, register
from ..registry_forms import HindiNameForm, NameQueueFilter
from ..services import names as services

PER_PAGE = 50
KINDS = {
    # kind: (model, path to the state (None: no state filter), url name, select_related)
    "districts": (District, "state", "curation:names-districts", ["state"]),
    "products": (OdopProduct, "district__state", "curation:names-products", ["district__state"]),
    "states": (State, None, "curation:names-states", []),
    "categories": (Category, None, "curation:names-categories", []),
}
Named = type[District] | type[OdopProduct] | type[State] | type[Category]


def _pending(model: Named) -> QuerySet:
    return model.objects.filter(name_hi_reviewed_at__isnull=True).order_by("pk")


# kind: (key, title) of its queue on the workspace's home
QUEUES = {
    "districts": ("district-hindi-names", gettext_lazy("Hindi district names to review")),
    "products": ("odop-hindi-names", gettext_lazy("Hindi ODOP product names to review")),
    "states": ("state-hindi-names", gettext_lazy("Hindi state names to review")),
    "categories": ("category-hindi-names", gettext_lazy("Hindi category names to review")),
}
for _kind, (_key, _title) in QUEUES.items():
    register(
        Queue(
            key=_key,
            title=_title,
            url_name=KINDS[_kind][2],
            pending=functools.partial(_pending, KINDS[_kind][0]),
        )
    )


@curator_required
@require_http_methods(["GET", "POST"])
def name_queue(request: HttpRequest, kind: str) -> HttpResponse:
    model, state_path, url_name, related = KINDS[kind]
    row_errors: dict[int, tuple[str, list[str]]] = {}
    if request.method == "POST":
        response = _act(request, model, row_errors)
        if response is not None:
            return response
    filters = NameQueueFilter(request.GET)
    if state_path is None:
        del filters.fields["state"]  # states and categories are not in a state
    items = filters.filter(
        model.objects.select_related(*related, "name_hi_reviewed_by").order_by("pk"),
        state_path=state_path,
    )
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(obj, *row_errors.get(obj.pk, (obj.name_hi, []))) for obj in page.object_list]
    return render(
        request,
        "curation/names.html",
        {
            "kind": kind,
            "filters": filters,
            "page": page,
            "rows": rows,
            "max_length": model._meta.get_field("name_hi").max_length,
        },
    )


def _act(request: HttpRequest, model: Named, row_errors: dict) -> HttpResponse | None:
    """Confirm one, correct one or confirm the ticked ones; None re-renders with row errors."""
    back = redirect(request.get_full_path())
    if pk := request.POST.get("confirm_one"):
        obj = get_object_or_404(model, pk=pk)
        try:
            services.confirm_hindi_name(actor=request.user, obj=obj)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Confirmed: %(name)s.") % {"name": obj.name})
        return back
    if pk := request.POST.get("save_one"):
        obj = get_object_or_404(model, pk=pk)
        max_length = model._meta.get_field("name_hi").max_length
        form = HindiNameForm(
            {"name_hi": request.POST.get(f"name_hi_{obj.pk}", "")}, max_length=max_length
        )
        if not form.is_valid():
            row_errors[obj.pk] = (form.data["name_hi"], form.errors["name_hi"])
            return None
        services.correct_hindi_name(
            actor=request.user, obj=obj, name_hi=form.cleaned_data["name_hi"]
        )
        messages.success(request, _("Saved: %(name)s.") % {"name": obj.name})
        return back
    objects = ticked(request, model.objects.order_by("pk"))
    if not objects:
        messages.error(request, _("Please tick at least one name."))
        return back
    apply_to_each(
        request, objects, lambda obj: services.confirm_hindi_name(actor=request.user, obj=obj)
    )
    return back
