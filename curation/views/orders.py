"""/curate/orders/: find an order by number, e-mail or phone; see all of it; cancel a shipment
on the buyer's behalf."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from odop_bazaar.errors import DomainError
from orders import selectors

from ..access import curator_required
from ..forms import ReasonForm
from ..services import orders as service


class OrderSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Order number, buyer's e-mail or phone"),
        max_length=100,
        required=False,
        strip=True,
    )


@curator_required
def search(request: HttpRequest) -> HttpResponse:
    form = OrderSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    orders = list(selectors.search_orders(query=query)[: selectors.SEARCH_LIMIT]) if query else []
    return render(
        request,
        "curation/order_search.html",
        {"form": form, "query": query, "orders": orders, "limit": selectors.SEARCH_LIMIT},
    )


def _order_page(
    request: HttpRequest,
    pk: int,
    *,
    cancel_form: ReasonForm | None = None,
    form_for: int | None = None,
) -> HttpResponse:
    order = selectors.get_order_for_curator_or_404(pk=pk)
    return render(
        request,
        "curation/order.html",
        {
            "order": order,
            "cancel_form": cancel_form,
            "form_for": form_for,
            "refund_days": settings.REFUND_DAYS,
        },
        status=400 if cancel_form is not None else 200,
    )


@curator_required
def order(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_page(request, pk)


@curator_required
@require_POST
def shipment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = selectors.get_shipment_for_curator_or_404(pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _order_page(request, shipment.order_id, cancel_form=form, form_for=shipment.pk)
    try:
        service.cancel_shipment_for_buyer(
            shipment=shipment, by=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, _("The shipment was not cancelled: %(error)s") % {"error": error})
    else:
        messages.success(request, _("Shipment cancelled on the buyer's behalf."))
    return redirect("curation:order", pk=shipment.order_id)
