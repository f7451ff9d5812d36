"""Two curators deciding on the same seller at the same moment: exactly one decision wins."""

import threading

import pytest
from django.db import connection

from sellers import services
from sellers.errors import TransitionNotAllowed
from sellers.models import Seller, SellerStatusChange
from tests.factories import UserFactory
from tests.sellers.factories import KycSellerFactory


@pytest.mark.django_db(transaction=True)
def test_racing_approve_and_reject_record_exactly_one_decision():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers anyway; the race needs PostgreSQL")
    seller = KycSellerFactory(status="submitted")
    curators = [UserFactory(is_staff=True) for _ in range(8)]
    barrier = threading.Barrier(len(curators))
    outcomes: list[str] = []

    def decide(index: int) -> None:
        try:
            barrier.wait()
            if index % 2:
                services.verify_seller(seller=Seller.objects.get(pk=seller.pk), by=curators[index])
            else:
                services.reject_seller(
                    seller=Seller.objects.get(pk=seller.pk), by=curators[index], reason="No."
                )
            outcomes.append("won")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(len(curators))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 7 + ["won"]
    change = SellerStatusChange.objects.get()
    assert Seller.objects.get(pk=seller.pk).status == change.to_status
