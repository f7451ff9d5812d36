"""GST credit notes (section 34 CGST Act): what an invoice takes back, never an edit of it.

One credit note per return received, and one for a shipment cancelled after its invoice was
issued (returned to the seller undelivered). Numbered in the seller's own `CN` series per
financial year, linked to the original invoice, with the invoice's tax split line by line.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import F, Sum
from django.utils import timezone

from .. import gst, payouts
from ..gst import financial_year, financial_year_label
from ..models import (
    CreditNote,
    CreditNoteLine,
    InvoiceCounter,
    OrderLine,
    ReturnRequest,
    Shipment,
)
from .invoices import next_serial, render_pdf

ZERO = Decimal("0.00")
TAX_FIELDS = ("total", "taxable_value", "cgst", "sgst", "utgst", "igst")


def credit_note_number(*, financial_year: int, serial: int) -> str:
    """`CN/2627/000042`: within GST's 16 characters, like invoice numbers."""
    return f"CN/{financial_year_label(financial_year)}/{serial:06d}"


def _credited_so_far(line: OrderLine) -> dict[str, Decimal]:
    sums = CreditNoteLine.objects.filter(order_line=line).aggregate(
        quantity=Sum("quantity"), **{field: Sum(field) for field in TAX_FIELDS}
    )
    return {key: value or (0 if key == "quantity" else ZERO) for key, value in sums.items()}


def line_credit(*, line: OrderLine, quantity: int, shipment: Shipment) -> dict[str, Decimal]:
    """The tax split of `quantity` units of an invoice line.

    Part of a line is split afresh with the line's rate (as the invoice was); the units that
    complete the line take exactly what is left of it, so the credit notes of a line always add
    up to the invoice line to the paisa.
    """
    before = _credited_so_far(line)
    if before["quantity"] + quantity >= line.quantity:
        return {field: getattr(line, field) - before[field] for field in TAX_FIELDS}
    tax = gst.line_tax(
        total=line.unit_price * quantity,
        rate=line.gst_rate,
        intra_state=shipment.is_intra_state,
        utgst=shipment.place_of_supply.uses_utgst,
    )
    return {field: getattr(tax, field) for field in TAX_FIELDS}


def issue_credit_note(
    *,
    shipment: Shipment,
    items: list[tuple[OrderLine, int]],
    reason: str,
    return_request: ReturnRequest | None = None,
) -> CreditNote:
    """Number and record a credit note for these (line, quantity) pairs; caller holds the
    transaction (of the return received or the cancellation), and the shipment has an invoice.

    The shipment's credited amounts and the seller's payout follow the net at once.
    """
    invoice = shipment.invoice
    now = timezone.now()
    year = financial_year(timezone.localdate(now))
    seller = shipment.seller
    credits = [
        (line, quantity, line_credit(line=line, quantity=quantity, shipment=shipment))
        for line, quantity in items
    ]
    totals = {field: sum((c[field] for _l, _q, c in credits), ZERO) for field in TAX_FIELDS}
    serial = next_serial(seller=seller, series=InvoiceCounter.Series.CREDIT_NOTE, year=year)
    note = CreditNote.objects.create(
        invoice=invoice,
        shipment=shipment,
        seller=seller,
        return_request=return_request,
        reason=reason[:300],
        financial_year=year,
        serial=serial,
        number=credit_note_number(financial_year=year, serial=serial),
        seller_name=invoice.seller_name,
        seller_address=invoice.seller_address,
        seller_gstin=invoice.seller_gstin,
        issued_at=now,
        **totals,
    )
    CreditNoteLine.objects.bulk_create(
        [
            CreditNoteLine(
                credit_note=note,
                order_line=line,
                title=line.title,
                hsn_code=line.hsn_code,
                gst_rate=line.gst_rate,
                unit_price=line.unit_price,
                quantity=quantity,
                **credit,
            )
            for line, quantity, credit in credits
        ]
    )
    for line, quantity, _credit in credits:
        OrderLine.objects.filter(pk=line.pk).update(
            returned_quantity=F("returned_quantity") + quantity
        )
    Shipment.objects.filter(pk=shipment.pk).update(
        credited_total=F("credited_total") + totals["total"],
        credited_taxable_value=F("credited_taxable_value") + totals["taxable_value"],
    )
    shipment.refresh_from_db()
    refresh_payout(shipment=shipment)
    return note


def refresh_payout(*, shipment: Shipment) -> None:
    """What the seller is owed for the shipment now: nothing once cancelled, else the price of
    what the buyer kept less commission, TCS and TDS on that net."""
    if shipment.status == Shipment.Status.CANCELLED:
        owed = payouts.payout(gross=ZERO, taxable_value=ZERO, commission_percent=0, has_pan=True)
    else:
        owed = payouts.payout(
            gross=shipment.total - shipment.credited_total,
            taxable_value=shipment.taxable_value - shipment.credited_taxable_value,
            commission_percent=settings.MARKETPLACE_COMMISSION_PERCENT,
            has_pan=bool(shipment.seller.pan),
            gst_registered=shipment.seller.is_gst_registered,
        )
    Shipment.objects.filter(pk=shipment.pk).update(
        commission=owed.commission, tcs=owed.tcs, tds=owed.tds, net_payable=owed.net
    )
    shipment.commission, shipment.tcs, shipment.tds = owed.commission, owed.tcs, owed.tds
    shipment.net_payable = owed.net


def credit_note_pdf(*, note: CreditNote, compress: bool = True) -> bytes:
    """The credit note as a PDF, rendered like the invoice."""
    return render_pdf(
        template="orders/credit_note_pdf.html", context={"note": note}, compress=compress
    )
