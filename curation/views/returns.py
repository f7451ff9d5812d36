"""Returns in dispute: the buyer disputed the seller's rejection; a curator decides."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from odop_bazaar.pagination import paginate
from orders.models import ReturnRequest

from .. import selectors
from ..access import curator_required
from ..queues import Queue, register
from ..services import returns as curate
from .actions import Action, item_action

register(
    Queue(
        key="disputed-returns",
        title=_("Returns in dispute"),
        url_name="curation:dispute-queue",
        pending=selectors.disputed_returns,
    )
)

OVERRULE = Action(
    "overrule",
    _("Overrule the seller: accept the return"),
    lambda rr, by, reason: curate.overrule_rejection(return_request=rr, by=by, note=reason),
    needs_reason=True,
    done=_("Rejection overruled: the seller books the pickup."),
)
UPHOLD = Action(
    "uphold",
    _("Uphold the seller's rejection"),
    lambda rr, by, reason: curate.uphold_rejection(return_request=rr, by=by, note=reason),
    needs_reason=True,
    done=_("Rejection upheld."),
    style="danger",
)


@curator_required
def dispute_queue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.disputed_returns(), per_page=50)
    return render(request, "curation/dispute_queue.html", {"page": page})


@curator_required
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return_request = selectors.get_return_or_404(pk)
    disputed = return_request.status == ReturnRequest.Status.DISPUTED
    actions = [OVERRULE, UPHOLD] if disputed else []
    outcome = item_action(
        request, return_request, actions, success_url=reverse("curation:dispute-queue")
    )
    if outcome.response:
        return outcome.response
    context = {
        "rr": return_request,
        "actions": [(action, outcome.forms[action.name]) for action in actions],
    }
    return render(request, "curation/dispute_detail.html", context, status=outcome.status)
