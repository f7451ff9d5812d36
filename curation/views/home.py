"""/curate/: the queues with their counts, and the audit log."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..access import curator_required
from ..filters import AuditEntryFilter
from ..queues import QUEUES


@curator_required
def home(request: HttpRequest) -> HttpResponse:
    queues = [(queue, queue.count()) for queue in QUEUES]
    return render(request, "curation/home.html", {"queues": queues})


@curator_required
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntryFilter(request.GET or None, request=request)
    page = Paginator(entries.qs, 50).get_page(request.GET.get("page"))
    return render(request, "curation/audit_log.html", {"filter": entries, "page": page})
