"""Tax invoices: one per shipment at dispatch, numbered per seller per financial year."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from sellers.models import Seller

from ..gst import financial_year, financial_year_label
from ..models import Invoice, InvoiceCounter, Shipment


def invoice_number(*, financial_year: int, serial: int) -> str:
    """`INV/2627/000042`: 15 characters, within GST's 16 (letters, digits, '/' and '-')."""
    return f"INV/{financial_year_label(financial_year)}/{serial:06d}"


def next_serial(*, seller: Seller, series: str, year: int) -> int:
    """The next serial of the seller's series in the financial year; caller holds a transaction.

    The counter row of (seller, series, financial year) is locked while it is incremented, so
    concurrent documents get consecutive numbers with no gap and no repeat; a new financial year
    starts a new row at 1.
    """
    InvoiceCounter.objects.bulk_create(
        [InvoiceCounter(seller=seller, series=series, financial_year=year)], ignore_conflicts=True
    )
    counter = InvoiceCounter.objects.select_for_update().get(
        seller=seller, series=series, financial_year=year
    )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


def issue_invoice(*, shipment: Shipment) -> Invoice:
    """Number and record the invoice; caller holds the dispatch transaction."""
    now = timezone.now()
    year = financial_year(timezone.localdate(now))
    seller = shipment.seller
    serial = next_serial(seller=seller, series=InvoiceCounter.Series.INVOICE, year=year)
    return Invoice.objects.create(
        shipment=shipment,
        seller=seller,
        kind=Invoice.Kind.TAX_INVOICE if seller.gstin else Invoice.Kind.BILL_OF_SUPPLY,
        financial_year=year,
        serial=serial,
        number=invoice_number(financial_year=year, serial=serial),
        seller_name=seller.display_name,
        seller_address=f"{seller.address} {seller.pin_code}".strip(),
        seller_gstin=seller.gstin,
        issued_at=now,
    )


def _static_only_fetcher():  # type: ignore[no-untyped-def]
    """A WeasyPrint fetcher for our own static files and nothing else (no SSRF via <img src>)."""
    from weasyprint.urls import URLFetcher

    roots = [Path(root).resolve() for root in settings.STATICFILES_DIRS]

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):  # type: ignore[no-untyped-def]
            if url.startswith("file://"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in roots):
                    return super().fetch(url, headers)
            raise ValueError(f"Invoice PDFs may only load our static files, not {url!r}")

    return StaticOnlyFetcher(allowed_protocols=["file"])


def _weasyprint_html():  # type: ignore[no-untyped-def]
    """WeasyPrint's HTML class, imported without leaving Pillow's LOAD_TRUNCATED_IMAGES on for
    the process (WeasyPrint sets it at import; the photo upload path must refuse cut files)."""
    from PIL import ImageFile

    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = previous
    return HTML


def render_pdf(*, template: str, context: dict, compress: bool = True) -> bytes:
    """A tax document (invoice, credit note) as a PDF. Hindi text is shaped by Pango and
    HarfBuzz (Noto Sans Devanagari); only our static files may be loaded."""
    HTML = _weasyprint_html()
    html = render_to_string(template, context)
    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_static_only_fetcher()).write_pdf(
        uncompressed_pdf=not compress
    )


def invoice_pdf(*, invoice: Invoice, compress: bool = True) -> bytes:
    return render_pdf(
        template="orders/invoice_pdf.html",
        context={"invoice": invoice, "shipment": invoice.shipment},
        compress=compress,
    )
