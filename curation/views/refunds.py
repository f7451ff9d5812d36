"""/curate/refunds/: refunds that wait for a curator, oldest first. Cash-on-delivery refunds
are paid by bank transfer or UPI and recorded with the UTR; failed online ones are sent again."""

from django import forms
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from odop_bazaar.errors import DomainError
from odop_bazaar.pagination import paginate
from orders.models import Refund

from ..access import curator_required
from ..queues import Queue, register
from ..services import refunds as service


def refunds_waiting() -> QuerySet[Refund]:
    waiting = Q(method=Refund.Method.BANK, status=Refund.Status.REQUESTED) | Q(
        method=Refund.Method.ORIGINAL, status=Refund.Status.FAILED
    )
    return Refund.objects.filter(waiting).order_by("created_at", "pk")


register(
    Queue(
        key="refunds",
        title=gettext_lazy("Refunds to settle"),
        url_name="curation:refund-queue",
        pending=refunds_waiting,
    )
)


class SettleForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Bank reference (UTR) of the transfer"), max_length=60, strip=True
    )


@curator_required
def queue(request: HttpRequest, settle_form: SettleForm | None = None, status: int = 200):
    page = paginate(
        request, refunds_waiting().select_related("order__buyer", "shipment__seller"), per_page=50
    )
    return render(
        request,
        "curation/refund_queue.html",
        {"page": page, "refunds": page.object_list, "settle_form": settle_form},
        status=status,
    )


@curator_required
@require_POST
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    refund = get_object_or_404(Refund, pk=pk)
    form = SettleForm(request.POST, prefix=f"r{pk}")
    if not form.is_valid():
        messages.error(request, _("Give the bank reference (UTR) of the transfer."))
        return redirect("curation:refund-queue")
    try:
        service.settle_bank_refund(
            refund=refund, reference=form.cleaned_data["reference"], by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Refund recorded as paid; the buyer is told by e-mail."))
    return redirect("curation:refund-queue")


@curator_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    refund = get_object_or_404(Refund, pk=pk)
    try:
        service.retry_refund(refund=refund, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Sent to the payment gateway again."))
    return redirect("curation:refund-queue")
