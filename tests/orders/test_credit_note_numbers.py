"""Credit-note numbers: their own series per seller and financial year, consecutive under
concurrency, and a new series at midnight IST on 1 April."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from orders.models import InvoiceCounter
from orders.services.credit_notes import credit_note_number
from orders.services.invoices import next_serial
from tests.factories import SellerFactory

from .test_concurrency import run_together

IST = ZoneInfo("Asia/Kolkata")
CN = InvoiceCounter.Series.CREDIT_NOTE


@pytest.mark.django_db
def test_credit_notes_have_their_own_series_and_restart_on_1_april_ist(seller):
    from django.utils import timezone

    from orders.gst import financial_year

    assert next_serial(seller=seller, series=InvoiceCounter.Series.INVOICE, year=2026) == 1
    with time_machine.travel(datetime(2027, 3, 31, 23, 59, tzinfo=IST), tick=False):
        year = financial_year(timezone.localdate())
        first = credit_note_number(
            financial_year=year, serial=next_serial(seller=seller, series=CN, year=year)
        )
    with time_machine.travel(datetime(2027, 4, 1, 0, 0, tzinfo=IST), tick=False):
        year = financial_year(timezone.localdate())
        second = credit_note_number(
            financial_year=year, serial=next_serial(seller=seller, series=CN, year=year)
        )

    assert (first, second) == ("CN/2627/000001", "CN/2728/000001")


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_concurrent_credit_notes_get_consecutive_numbers(on_postgres):
    seller = SellerFactory()

    def issue() -> int:
        with transaction.atomic():  # as inside a return's receipt
            return next_serial(seller=seller, series=CN, year=2026)

    serials = run_together([issue for _ in range(20)])

    assert sorted(serials) == list(range(1, 21))
