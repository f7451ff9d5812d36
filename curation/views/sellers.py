"""Sellers: the verification queue, any seller's page (suspend, reinstate, what it sold), and
the queue of change requests (bank account, address)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from odop_bazaar.pagination import paginate
from orders.selectors import seller_payout_totals
from sellers.models import Seller, SellerChangeRequest

from .. import selectors
from ..access import curator_required
from ..queues import Queue, register
from ..services import sellers as curate
from .actions import Action, bulk_action, item_action

register(
    Queue(
        key="sellers",
        title=_("Sellers to verify"),
        url_name="curation:seller-queue",
        pending=selectors.sellers_to_verify,
    )
)
register(
    Queue(
        key="seller-changes",
        title=_("Seller change requests"),
        url_name="curation:change-queue",
        pending=selectors.change_requests_pending,
    )
)

VERIFY = Action(
    "verify",
    _("Approve"),
    lambda seller, by, reason: curate.verify_seller(seller=seller, by=by, reason=reason),
    done=_("Seller verified."),
)
REJECT = Action(
    "reject",
    _("Reject"),
    lambda seller, by, reason: curate.reject_seller(seller=seller, by=by, reason=reason),
    needs_reason=True,
    done=_("Seller sent back with your reason."),
    style="danger",
)
SUSPEND = Action(
    "suspend",
    _("Suspend"),
    lambda seller, by, reason: curate.suspend_seller(seller=seller, by=by, reason=reason),
    needs_reason=True,
    done=_("Seller suspended: its listings have left the storefront."),
    style="danger",
)
REINSTATE = Action(
    "reinstate",
    _("Reinstate"),
    lambda seller, by, reason: curate.reinstate_seller(seller=seller, by=by, reason=reason),
    needs_reason=True,
    done=_("Seller reinstated: its live listings are back on the storefront."),
)
ACTIONS_BY_STATUS = {
    Seller.Status.SUBMITTED: [VERIFY, REJECT],
    Seller.Status.VERIFIED: [SUSPEND],
    Seller.Status.SUSPENDED: [REINSTATE],
}


@curator_required
def seller_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.sellers_to_verify()
    bulk_actions = [VERIFY, REJECT]
    form, response = bulk_action(request, queue, bulk_actions)
    if response:
        return response
    page = paginate(request, queue, per_page=50)
    return render(
        request,
        "curation/seller_queue.html",
        {"page": page, "form": form, "bulk_actions": bulk_actions},
        status=400 if form.is_bound else 200,
    )


@curator_required
def seller_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = paginate(request, selectors.search_sellers(query), per_page=50)
    return render(request, "curation/seller_search.html", {"page": page, "query": query})


@curator_required
def seller_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one seller: KYC details in full, documents shown inline, history,
    what it sold, and the actions its status allows."""
    seller = selectors.get_seller_or_404(pk)
    if seller.status == Seller.Status.SUBMITTED:  # decided: on to the next in the queue
        success_url = reverse("curation:seller-queue")
    else:
        success_url = reverse("curation:seller", args=[seller.pk])
    outcome = item_action(
        request, seller, ACTIONS_BY_STATUS.get(seller.status, []), success_url=success_url
    )
    if outcome.response:
        return outcome.response
    context = {
        "seller": seller,
        "actions": [
            (action, outcome.forms[action.name])
            for action in ACTIONS_BY_STATUS.get(seller.status, [])
        ],
        "documents": list(seller.documents.all()),
        "history": list(seller.status_changes.select_related("changed_by").order_by("-created_at")),
        "products": list(seller.odop_products.all()),
        "change_requests": list(seller.change_requests.select_related("decided_by")[:10]),
        "totals": seller_payout_totals(seller=seller),
        "payout_days": settings.PAYOUT_DAYS_AFTER_DELIVERY,
        **selectors.seller_activity(seller),
    }
    return render(request, "curation/seller_detail.html", context, status=outcome.status)


# --- Change requests ------------------------------------------------------------------------

APPLY_CHANGE = Action(
    "apply",
    _("Apply the change"),
    lambda cr, by, reason: curate.apply_change_request(change_request=cr, by=by, reason=reason),
    done=_("Change applied to the seller's details."),
)
REJECT_CHANGE = Action(
    "reject",
    _("Refuse"),
    lambda cr, by, reason: curate.reject_change_request(change_request=cr, by=by, reason=reason),
    needs_reason=True,
    done=_("Change refused; the seller sees your reason."),
    style="danger",
)


@curator_required
def change_queue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.change_requests_pending(), per_page=50)
    return render(request, "curation/change_queue.html", {"page": page})


@curator_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = selectors.get_change_request_or_404(pk)
    pending = change_request.status == SellerChangeRequest.Status.PENDING
    actions = [APPLY_CHANGE, REJECT_CHANGE] if pending else []
    outcome = item_action(
        request, change_request, actions, success_url=reverse("curation:change-queue")
    )
    if outcome.response:
        return outcome.response
    seller = change_request.seller
    rows = [
        (
            Seller._meta.get_field(field).verbose_name,
            getattr(seller, field),
            change_request.requested_values.get(field, ""),
        )
        for field in SellerChangeRequest.FIELDS[SellerChangeRequest.Kind(change_request.kind)]
    ]
    context = {
        "change_request": change_request,
        "seller": seller,
        "rows": rows,
        "actions": [(action, outcome.forms[action.name]) for action in actions],
    }
    return render(request, "curation/change_detail.html", context, status=outcome.status)
