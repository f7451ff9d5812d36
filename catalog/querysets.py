from typing import Self

from django.db import models


class ListingQuerySet(models.QuerySet):
    def live(self) -> Self:
        """What buyers may see: live listings of verified sellers."""
        return self.filter(status="live", seller__status="verified")

    def with_card_data(self) -> Self:
        """Everything a listing card shows, fetched up front (two queries in all)."""
        return self.select_related(
            "seller", "district__state", "odop_product", "category"
        ).prefetch_related("images")
