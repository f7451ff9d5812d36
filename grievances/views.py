"""A buyer's or seller's grievances: file one, follow it, add to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from odop_bazaar.errors import DomainError
from odop_bazaar.pagination import paginate

from . import selectors, services
from .forms import FollowUpForm, GrievanceForm
from .models import Grievance


@login_required
def grievance_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.own_grievances(user=request.user), per_page=50)
    return render(
        request, "grievances/grievance_list.html", {"page": page, "grievances": page.object_list}
    )


def _initial(request: HttpRequest, seller: object) -> dict[str, str]:
    """Prefill from the link that led here: ?order=<id> from an order page, ?role=seller from
    the seller dashboard. Somebody else's order is not named."""
    initial = {"role": Grievance.Role.BUYER}
    if seller is not None and request.GET.get("role") == Grievance.Role.SELLER:
        initial["role"] = Grievance.Role.SELLER
    order_id = request.GET.get("order", "")
    if order_id.isdigit() and int(order_id) < 2**31:
        order = selectors.buyer_order_by_number_or_pk(buyer=request.user, pk=int(order_id))
        if order is not None:
            initial["order_number"] = order.number
            initial["role"] = Grievance.Role.BUYER
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def grievance_file(request: HttpRequest) -> HttpResponse:
    seller = selectors.seller_of(user=request.user)
    form = GrievanceForm(
        request.POST or None, user=request.user, seller=seller, initial=_initial(request, seller)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        grievance = services.file_grievance(
            filed_by=request.user,
            role=data["role"],
            subject=data["subject"],
            description=data["description"],
            order=data["order"],
            shipment=data["shipment"],
        )
        messages.success(
            request,
            _(
                "Grievance %(reference)s is filed. The grievance officer acknowledges it within 48 hours."
            )
            % {"reference": grievance.reference},
        )
        return redirect(grievance)
    return render(request, "grievances/grievance_form.html", {"form": form})


@login_required
def grievance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = selectors.get_own_grievance_or_404(user=request.user, pk=pk)
    return render(
        request,
        "grievances/grievance_detail.html",
        {"grievance": grievance, "form": FollowUpForm()},
    )


@login_required
@require_POST
def grievance_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = selectors.get_own_grievance_or_404(user=request.user, pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.add_follow_up(
                grievance=grievance, author=request.user, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Added to your grievance."))
            return redirect(grievance)
    return render(
        request,
        "grievances/grievance_detail.html",
        {"grievance": grievance, "form": form},
        status=400 if form.errors else 200,
    )
