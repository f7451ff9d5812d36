"""/curate/grievances/: the grievance officer's queue, oldest first, and each grievance's page."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grievances import selectors
from grievances.models import Grievance
from odop_bazaar.errors import DomainError
from odop_bazaar.pagination import paginate

from ..access import curator_required
from ..bulk import apply_to_each, ticked
from ..forms import ReasonForm
from ..queues import Queue, register
from ..services import grievances as service

register(
    Queue(
        key="grievances",
        title=gettext_lazy("Grievances"),
        url_name="curation:grievance-queue",
        pending=selectors.grievance_queue,
    )
)


@curator_required
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    pending = selectors.grievance_queue().select_related("filed_by", "order")
    counts = Grievance.objects.pending().aggregate(
        total=Count("pk"),
        late_acknowledgement=Count(
            "pk", filter=Q(status=Grievance.Status.OPEN, acknowledge_by__lt=now)
        ),
        late_resolution=Count("pk", filter=Q(resolve_by__lt=now)),
    )
    page = paginate(request, pending, per_page=50)
    for grievance in page.object_list:
        grievance.late_acknowledgement = grievance.is_acknowledgement_overdue(now)
        grievance.late_resolution = grievance.is_resolution_overdue(now)
    return render(
        request,
        "curation/grievance_queue.html",
        {"page": page, "grievances": page.object_list, "counts": counts},
    )


def _item(request: HttpRequest, grievance: Grievance, **forms: ReasonForm) -> HttpResponse:
    now = timezone.now()
    context = {
        "grievance": grievance,
        "late_acknowledgement": grievance.is_acknowledgement_overdue(now),
        "late_resolution": grievance.is_resolution_overdue(now),
        "resolve_form": forms.get("resolve_form") or ReasonForm(prefix="resolve"),
        "close_form": forms.get("close_form") or ReasonForm(prefix="close"),
    }
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render(request, "curation/grievance.html", context, status=status)


@curator_required
def item(request: HttpRequest, pk: int) -> HttpResponse:
    return _item(request, selectors.grievance_for_curator(pk=pk))


@curator_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = selectors.grievance_for_curator(pk=pk)
    try:
        service.acknowledge(grievance=grievance, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Acknowledged; the filer is told by e-mail."))
    return redirect("curation:grievance", pk=grievance.pk)


@curator_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = selectors.grievance_for_curator(pk=pk)
    form = ReasonForm(request.POST, prefix="resolve")
    if not form.is_valid():
        return _item(request, grievance, resolve_form=form)
    try:
        service.resolve(
            grievance=grievance, by=request.user, resolution=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Resolved; the filer is told by e-mail."))
    return redirect("curation:grievance", pk=grievance.pk)


@curator_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = selectors.grievance_for_curator(pk=pk)
    form = ReasonForm(request.POST, prefix="close")
    if not form.is_valid():
        return _item(request, grievance, close_form=form)
    try:
        service.close(grievance=grievance, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Closed; the filer is told by e-mail."))
    return redirect("curation:grievance", pk=grievance.pk)


@curator_required
@require_POST
def bulk_acknowledge(request: HttpRequest) -> HttpResponse:
    """Acknowledge the ticked grievances, each in its own transaction with its own audit entry."""
    # One that another curator moved meanwhile is reported by apply_to_each and left alone.
    chosen = ticked(request, Grievance.objects.order_by("filed_at", "pk"))
    if not chosen:
        messages.error(request, _("Tick at least one grievance."))
        return redirect("curation:grievance-queue")
    apply_to_each(
        request, chosen, lambda grievance: service.acknowledge(grievance=grievance, by=request.user)
    )
    return redirect("curation:grievance-queue")
