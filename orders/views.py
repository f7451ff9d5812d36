"""Cart, checkout, buyer orders, seller queue, invoices and payment callbacks.

Every action is a plain POST that redirects, so it works without JavaScript; with htmx the cart
actions answer with the cart fragment instead.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from odop_bazaar import header
from odop_bazaar.errors import DomainError

from . import selectors, services
from .carts import cart_for
from .errors import CartAlreadyOrdered, InvalidSignature, PaymentError
from .forms import (
    AddressForm,
    AddToCartForm,
    CancelForm,
    CheckoutForm,
    DisputeForm,
    PaymentCallbackForm,
    PaymentFailedForm,
    PlaceOrderForm,
    QuantityForm,
    ReturnDecisionForm,
    ReturnRequestForm,
    SellerMoveForm,
)
from .models import Order, ReturnRequest, Shipment
from .services import credit_notes, payments, returns
from .services.shipments import seller_actions


def _next_or(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Cart -----------------------------------------------------------------------------------


def _remember_cart_count(request: HttpRequest) -> int:
    """After the cart changed: the header's count, kept in the session (one query for a buyer)."""
    count = selectors.cart_count(cart=cart_for(request))
    header.remember_cart_count(request, count)
    return count


def _cart_response(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    summary = selectors.cart_summary(cart=cart_for(request))
    template = "orders/_cart.html" if request.htmx else "orders/cart.html"
    # The header counts what this page shows, even if another device changed the cart.
    context = {"summary": summary, "cart_count": summary.count}
    return render(request, template, context, status=status)


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    return _cart_response(request)


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity of at least 1."))
        return redirect("orders:cart")
    try:
        services.add_to_cart(
            cart=cart_for(request),
            listing_id=form.cleaned_data["listing"],
            quantity=form.cleaned_data["quantity"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Added to your cart."))
    count = _remember_cart_count(request)
    if request.htmx:
        return render(request, "orders/_added.html", {"count": count})
    return redirect("orders:cart")


@require_POST
def cart_update(request: HttpRequest, listing_id: int) -> HttpResponse:
    form = QuantityForm(request.POST)
    if form.is_valid():
        try:
            services.set_quantity(
                cart=cart_for(request),
                listing_id=listing_id,
                quantity=form.cleaned_data["quantity"],
            )
        except DomainError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Enter a quantity between 0 and 99."))
    _remember_cart_count(request)
    if request.htmx:
        return _cart_response(request)
    return redirect(_next_or(request, reverse("orders:cart")))


@require_POST
def cart_remove(request: HttpRequest, listing_id: int) -> HttpResponse:
    services.remove_from_cart(cart=cart_for(request), listing_id=listing_id)
    _remember_cart_count(request)
    if request.htmx:
        return _cart_response(request)
    messages.success(request, _("Removed from your cart."))
    return redirect(_next_or(request, reverse("orders:cart")))


# --- Checkout -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    """Step one: choose or add an address and a payment method; step two is the review."""
    addresses = selectors.buyer_addresses(user=request.user)
    if not selectors.cart_count(cart=cart_for(request)):
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    address_form = AddressForm(prefix="address")
    form = CheckoutForm(addresses=addresses)
    if request.method == "POST" and "add_address" in request.POST:
        address_form = AddressForm(request.POST, prefix="address")
        if address_form.is_valid():
            address = address_form.save(commit=False)
            address.user = request.user
            address.save()
            messages.success(request, _("Address saved."))
            return redirect("orders:checkout")
    elif request.method == "POST":
        form = CheckoutForm(request.POST, addresses=addresses)
        if form.is_valid():
            return _review(request, form.cleaned_data)
    address_list = list(addresses)
    if not form.is_bound and address_list:
        form.initial["address"] = address_list[0].pk
    return render(
        request,
        "orders/checkout.html",
        {
            "form": form,
            "address_form": address_form,
            "summary": selectors.cart_summary(cart=cart_for(request)),
            "has_addresses": bool(address_list),
        },
    )


def _review(
    request: HttpRequest, data: dict, *, key: str | None = None, status: int = 200
) -> HttpResponse:
    address = data["address"]
    preview = services.preview_checkout(buyer=request.user, destination=address.state)
    place_form = PlaceOrderForm(
        addresses=selectors.buyer_addresses(user=request.user),
        initial={
            "address": address.pk,
            "payment_method": data["payment_method"],
            "idempotency_key": key or uuid.uuid4().hex,
            "expected_total": preview.total,
        },
    )
    return render(
        request,
        "orders/checkout_review.html",
        {
            "preview": preview,
            "address": address,
            "place_form": place_form,
            "payment_method": data["payment_method"],
            "payment_label": Order.PaymentMethod(data["payment_method"]).label,
        },
        status=status,
    )


@login_required
@require_POST
def place_order(request: HttpRequest) -> HttpResponse:
    form = PlaceOrderForm(request.POST, addresses=selectors.buyer_addresses(user=request.user))
    if not form.is_valid():
        messages.error(
            request, _("Something was missing from the order form; please review it again.")
        )
        return redirect("orders:checkout")
    data = form.cleaned_data
    try:
        order = services.place_order(
            buyer=request.user,
            address=data["address"],
            payment_method=data["payment_method"],
            idempotency_key=data["idempotency_key"],
            expected_total=data["expected_total"],
        )
    except CartAlreadyOrdered as error:
        # A second tab (or a second click with a new key) placed the same cart.
        messages.info(request, str(error))
        return redirect(error.order)
    except DomainError as error:
        messages.error(request, str(error))
        # A fresh key: what the buyer confirms next is a different order.
        return _review(request, data, status=409)
    header.remember_cart_count(request, 0)  # the order took every line of the cart
    if order.status == Order.Status.AWAITING_PAYMENT:
        return redirect("orders:order-pay", pk=order.pk)
    messages.success(
        request, _("Thank you! Your order %(number)s is placed.") % {"number": order.number}
    )
    return redirect(order)


# --- Saved addresses ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def address_list(request: HttpRequest) -> HttpResponse:
    """The buyer's saved addresses: add one, or remove one (orders keep their own copy)."""
    form = AddressForm(prefix="address")
    if request.method == "POST":
        form = AddressForm(request.POST, prefix="address")
        if form.is_valid():
            address = form.save(commit=False)
            address.user = request.user
            address.save()
            messages.success(request, _("Address saved."))
            return redirect(_next_or(request, reverse("orders:address-list")))
    addresses = selectors.buyer_addresses(user=request.user)
    return render(
        request, "orders/address_list.html", {"addresses": addresses, "address_form": form}
    )


@login_required
@require_POST
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    address = selectors.get_own_address_or_404(user=request.user, pk=pk)
    address.delete()
    messages.success(request, _("Address removed."))
    return redirect(_next_or(request, reverse("orders:address-list")))


# --- Buyer's orders -------------------------------------------------------------------------


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    orders = selectors.buyer_orders(buyer=request.user)[:100]
    return render(request, "orders/order_list.html", {"orders": orders})


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.get_buyer_order_or_404(buyer=request.user, pk=pk)
    selectors.mark_returnable(order=order)
    return render(
        request,
        "orders/order_detail.html",
        {"order": order, "cancel_form": CancelForm(), "refund_days": settings.REFUND_DAYS},
    )


@login_required
@require_POST
def shipment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = selectors.get_buyer_shipment_or_404(buyer=request.user, pk=pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.buyer_cancel(
                shipment=shipment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Shipment cancelled."))
    return redirect(shipment.order)


@login_required
def order_pay(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.get_buyer_order_or_404(buyer=request.user, pk=pk)
    if order.status != Order.Status.AWAITING_PAYMENT:
        return redirect(order)
    try:
        payment = services.start_payment(order=order)
    except PaymentError as error:
        messages.error(request, str(error))
        return redirect(order)
    gateway = payments.gateway()
    context = {"order": order, "payment": payment, "gateway": gateway}
    if gateway.name == "fake":
        # Development only: the fake gateway "pays" by signing as Razorpay would.
        fake_payment_id = f"pay_fake{uuid.uuid4().hex[:14]}"
        context["fake"] = {
            "payment_id": fake_payment_id,
            "signature": gateway.payment_signature(
                order_id=payment.gateway_order_id, payment_id=fake_payment_id
            ),
        }
    return render(request, "orders/order_pay.html", context)


@login_required
@require_POST
def payment_callback(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.get_buyer_order_or_404(buyer=request.user, pk=pk)
    form = PaymentCallbackForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Incomplete payment callback."))
    try:
        services.confirm_payment(
            order=order,
            payment_id=form.cleaned_data["razorpay_payment_id"],
            signature=form.cleaned_data["razorpay_signature"],
            gateway_order_id=form.cleaned_data["razorpay_order_id"],
        )
    except InvalidSignature as error:
        messages.error(request, str(error))
        return render(request, "orders/payment_failed.html", {"order": order}, status=400)
    except PaymentError as error:
        messages.error(request, str(error))
        return redirect(order)
    messages.success(request, _("Payment received. Thank you!"))
    return redirect(order)


@login_required
@require_POST
def payment_failed(request: HttpRequest, pk: int) -> HttpResponse:
    """The checkout window reported a failed attempt (declined card, UPI timeout, closed window):
    the order stays unpaid, the buyer sees why and may try again. Nothing is trusted from the
    post but which attempt failed; a paid attempt is never marked failed."""
    order = selectors.get_buyer_order_or_404(buyer=request.user, pk=pk)
    form = PaymentFailedForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Incomplete payment callback."))
    payments.record_failed_payment(
        order=order,
        gateway_order_id=form.cleaned_data["razorpay_order_id"],
        reason=form.cleaned_data["error_description"],
    )
    messages.error(
        request,
        _("The payment did not go through, and no money was taken for it. Try again, or cancel."),
    )
    return redirect(order)


@csrf_exempt  # authenticated by the HMAC signature instead
@require_POST
def razorpay_webhook(request: HttpRequest) -> HttpResponse:
    try:
        services.handle_webhook(
            body=request.body,
            signature=request.headers.get("X-Razorpay-Signature", ""),
            event_id=request.headers.get("X-Razorpay-Event-Id", ""),
        )
    except PaymentError as error:
        return HttpResponseBadRequest(str(error))
    return HttpResponse("ok")


# --- Returns --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def line_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to return units of a delivered line; a clear refusal when it cannot be returned."""
    line = selectors.get_buyer_line_or_404(buyer=request.user, pk=pk)
    shipment, order = line.shipment, line.shipment.order
    open_units = returns.open_quantity(line)
    refusal = returns.refusal(line=line, shipment=shipment, open_units=open_units)
    left = returns.returnable_quantity(line=line, open_units=open_units)
    is_cod = order.payment_method == Order.PaymentMethod.COD
    form = ReturnRequestForm(max_quantity=max(left, 1), is_cod=is_cod)
    status = 409 if refusal and request.method == "POST" else 200
    if request.method == "POST" and not refusal:
        form = ReturnRequestForm(
            request.POST, request.FILES, max_quantity=max(left, 1), is_cod=is_cod
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                returns.request_return(
                    line=line,
                    buyer=request.user,
                    quantity=data["quantity"],
                    reason=data["reason"],
                    details=data["details"],
                    refund_to=data.get("refund_to", ""),
                    photos=data["photos"],
                )
            except DomainError as error:
                messages.error(request, str(error))
                status = 409
            else:
                messages.success(
                    request, _("Your return request is sent to the seller. We will write to you.")
                )
                return redirect(order)
        else:
            status = 400
    return render(
        request,
        "orders/line_return.html",
        {
            "line": line,
            "order": order,
            "form": form,
            "refusal": refusal,
            "deadline": returns.return_deadline(line=line, shipment=shipment),
        },
        status=status,
    )


@login_required
@require_POST
def return_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return_request = selectors.get_buyer_return_or_404(buyer=request.user, pk=pk)
    try:
        returns.withdraw_return(return_request=return_request, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Return request withdrawn."))
    return redirect(return_request.shipment.order)


@login_required
@require_POST
def return_dispute(request: HttpRequest, pk: int) -> HttpResponse:
    return_request = selectors.get_buyer_return_or_404(buyer=request.user, pk=pk)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you disagree with the seller."))
        return redirect(return_request.shipment.order)
    try:
        returns.dispute_return(
            return_request=return_request, by=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your dispute is with our curators; we will write to you."))
    return redirect(return_request.shipment.order)


# --- Invoices -------------------------------------------------------------------------------


@login_required
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.get_invoice_or_404(user=request.user, pk=pk)
    return render(
        request, "orders/invoice.html", {"invoice": invoice, "shipment": invoice.shipment}
    )


@login_required
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.get_invoice_or_404(user=request.user, pk=pk)
    return _pdf_download(services.invoice_pdf(invoice=invoice), name=f"invoice-{invoice.number}")


@login_required
def credit_note(request: HttpRequest, pk: int) -> HttpResponse:
    note = selectors.get_credit_note_or_404(user=request.user, pk=pk)
    return render(request, "orders/credit_note.html", {"note": note})


@login_required
def credit_note_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    note = selectors.get_credit_note_or_404(user=request.user, pk=pk)
    return _pdf_download(credit_notes.credit_note_pdf(note=note), name=f"credit-note-{note.number}")


def _pdf_download(pdf: bytes, *, name: str) -> HttpResponse:
    """`INV/2627/000001` → `invoice-INV-2627-000001.pdf`, as an attachment."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name.replace("/", "-")}.pdf"'
    return response


# --- Seller's queue -------------------------------------------------------------------------


@login_required
def seller_orders(request: HttpRequest) -> HttpResponse:
    seller = selectors.get_seller_or_404(user=request.user)
    status = request.GET.get("status", "")
    if status not in Shipment.Status.values:
        status = ""
    shipments = selectors.seller_shipments(seller=seller, status=status)[:200]
    return render(
        request,
        "orders/seller_orders.html",
        {
            "seller": seller,
            "shipments": shipments,
            "status": status,
            "statuses": Shipment.Status.choices,
            "totals": selectors.seller_payout_totals(seller=seller),
            "payout_days": settings.PAYOUT_DAYS_AFTER_DELIVERY,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def seller_shipment(request: HttpRequest, pk: int) -> HttpResponse:
    seller = selectors.get_seller_or_404(user=request.user)
    shipment = selectors.get_seller_shipment_or_404(seller=seller, pk=pk)
    form = SellerMoveForm()
    if request.method == "POST":
        form = SellerMoveForm(request.POST)
        if form.is_valid():
            try:
                services.seller_move(shipment=shipment, by=request.user, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Shipment updated."))
                return redirect("orders:seller-shipment", pk=shipment.pk)
    return render(
        request,
        "orders/seller_shipment.html",
        {
            "shipment": shipment,
            "actions": seller_actions(shipment),
            "form": form,
            "Status": Shipment.Status,
            "refund_days": settings.REFUND_DAYS,
        },
    )


@login_required
def seller_returns(request: HttpRequest) -> HttpResponse:
    seller = selectors.get_seller_or_404(user=request.user)
    status = request.GET.get("status", "")
    if status not in ReturnRequest.Status.values:
        status = ""
    return render(
        request,
        "orders/seller_returns.html",
        {
            "returns": selectors.seller_returns(seller=seller, status=status)[:200],
            "status": status,
            "statuses": ReturnRequest.Status.choices,
        },
    )


@login_required
@require_POST
def seller_return_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, reject with a reason, book the pickup, or mark received (resaleable or not)."""
    seller = selectors.get_seller_or_404(user=request.user)
    return_request = selectors.get_seller_return_or_404(seller=seller, pk=pk)
    default = reverse("orders:seller-shipment", args=[return_request.shipment_id])
    form = ReturnDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_next_or(request, default))
    data, by = form.cleaned_data, request.user
    actions = {
        "accept": lambda: returns.accept_return(return_request=return_request, by=by),
        "reject": lambda: returns.reject_return(
            return_request=return_request, by=by, reason=data["reason"]
        ),
        "pickup": lambda: returns.book_pickup(
            return_request=return_request,
            by=by,
            courier=data["courier"],
            tracking_number=data["tracking_number"],
        ),
        "receive": lambda: returns.receive_return(
            return_request=return_request, by=by, resaleable=bool(data["resaleable"])
        ),
    }
    try:
        actions[data["action"]]()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Return updated."))
    return redirect(_next_or(request, default))
