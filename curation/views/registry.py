"""/curate/odop-products/: the ODOP registry. Search and edit products; import an updated
official list with a preview of what it would change."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catalog import odop_import
from catalog.errors import NothingToImport, OdopImportStale, OdopListUnreadable
from catalog.models import OdopListImport, OdopProduct
from odop_bazaar.errors import DomainError

from ..access import curator_required
from ..registry_forms import OdopListUploadForm, OdopProductFilter, OdopProductForm
from ..services import registry as services

PER_PAGE = 50


@curator_required
def product_list(request: HttpRequest) -> HttpResponse:
    products = OdopProductFilter(
        request.GET or None,
        queryset=OdopProduct.objects.select_related("district__state", "category").order_by(
            "district__state__name", "district__name", "name"
        ),
    )
    page = Paginator(products.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "curation/odop_products.html", {"filter": products, "page": page})


@curator_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(OdopProduct.objects.select_related("district__state"), pk=pk)
    form = OdopProductForm(request.POST or None, product=product)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("reason", "release")}
        try:
            changes = services.edit_odop_product(
                actor=request.user,
                product=product,
                values=values,
                release=form.cleaned_data.get("release"),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error("name", str(error))
        else:
            if changes:
                messages.success(request, _("Saved %(name)s.") % {"name": product.name})
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("curation:odop-product-list")
    return render(request, "curation/odop_product_edit.html", {"product": product, "form": form})


@curator_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a list; a file with bad rows gets its report here and is not kept."""
    form = OdopListUploadForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = odop_import.decode_upload(upload.read(odop_import.MAX_FILE_BYTES + 1))
        except OdopListUnreadable as error:
            form.add_error("file", str(error))
        else:
            plan = odop_import.plan_import(text=text)
            if plan.is_valid:
                kept = odop_import.keep_upload(file_name=upload.name, text=text, by=request.user)
                return redirect("curation:odop-import-preview", pk=kept.pk)
    return render(
        request,
        "curation/odop_import.html",
        {"form": form, "plan": plan, "max_bytes": odop_import.MAX_FILE_BYTES},
    )


@curator_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What the kept upload would change now; nothing is written."""
    upload = get_object_or_404(OdopListImport.objects.select_related("uploaded_by"), pk=pk)
    plan = None if upload.applied_at else odop_import.plan_import(text=upload.content)
    return render(request, "curation/odop_import_preview.html", {"upload": upload, "plan": plan})


@curator_required
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(OdopListImport, pk=pk)
    try:
        plan = services.apply_odop_import(
            actor=request.user, upload=upload, fingerprint=request.POST.get("fingerprint", "")
        )
    except (OdopImportStale, NothingToImport) as error:
        messages.error(request, str(error))
        return redirect("curation:odop-import-preview", pk=upload.pk)
    messages.success(
        request,
        _("Imported %(file)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % {"file": upload.file_name, **plan.summary()},
    )
    return redirect("curation:odop-product-list")
