"""One FilterSet for the search page, the category and district pages, and the API."""

from datetime import timedelta
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from districts.models import District, State

from .models import Category, Listing
from .search import query_terms, search_listings


class ListingFilter(django_filters.FilterSet):
    class Sort:
        RELEVANCE = "relevance"
        PRICE_ASC = "price"
        PRICE_DESC = "-price"
        NEWEST = "newest"

    SORT_CHOICES = [
        (Sort.RELEVANCE, _("Relevance")),
        (Sort.PRICE_ASC, _("Price: low to high")),
        (Sort.PRICE_DESC, _("Price: high to low")),
        (Sort.NEWEST, _("Newest first")),
    ]

    q = django_filters.CharFilter(method="filter_keywords", label=_("Search"), max_length=100)
    state = django_filters.ModelChoiceFilter(
        field_name="district__state",
        to_field_name="slug",
        queryset=State.objects.all(),
        label=_("State"),
    )
    district = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=District.objects.all(), label=_("District")
    )
    category = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Category.objects.all(), label=_("Category")
    )
    gi = django_filters.BooleanFilter(
        method="filter_gi", label=_("GI-tagged only"), widget=forms.CheckboxInput
    )
    min_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", label=_("Min price (₹)"), min_value=Decimal("0")
    )
    max_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", label=_("Max price (₹)"), min_value=Decimal("0")
    )
    in_stock = django_filters.BooleanFilter(
        method="filter_in_stock", label=_("In stock only"), widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        method="sort_results", choices=SORT_CHOICES, label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Listing
        fields: list[str] = []

    def filter_keywords(
        self, queryset: QuerySet[Listing], name: str, value: str
    ) -> QuerySet[Listing]:
        return search_listings(queryset, value) if value.strip() else queryset

    def filter_gi(self, queryset: QuerySet[Listing], name: str, value: bool) -> QuerySet[Listing]:
        if not value:
            return queryset
        return queryset.filter(odop_product__is_gi_tagged=True, gi_verified_at__isnull=False)

    def filter_in_stock(
        self, queryset: QuerySet[Listing], name: str, value: bool
    ) -> QuerySet[Listing]:
        return queryset.filter(stock__gt=0) if value else queryset

    def sort_results(self, queryset: QuerySet[Listing], name: str, value: str) -> QuerySet[Listing]:
        return queryset  # applied last, in filter_queryset, once `rank` exists

    def filter_queryset(self, queryset: QuerySet[Listing]) -> QuerySet[Listing]:
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or self.Sort.RELEVANCE
        # Only words rank: a query of none ("☃") would order by a constant, which PostgreSQL
        # refuses inside the page's id subquery.
        has_rank = bool(query_terms(self.form.cleaned_data.get("q") or ""))
        price, created = F("price"), F("created_at")
        if query_terms(self.form.cleaned_data.get("q") or ""):
            # Keyword matches come from the text indexes and are counted anyway: sort them.
            # Given a bare column, PostgreSQL walks the (status, price) or (status, created_at)
            # index instead, hoping to meet 24 matches early, and reads tens of thousands of
            # rows when the matches cluster (1 s on 100,000 listings, bench/). `+ 0` keeps the
            # order and hides the column from those indexes.
            price, created = F("price") + 0, F("created_at") + timedelta(0)
        if sort == self.Sort.PRICE_ASC:
            return queryset.order_by(price.asc(), "-pk")
        if sort == self.Sort.PRICE_DESC:
            return queryset.order_by(price.desc(), "-pk")
        if sort == self.Sort.NEWEST or not has_rank:
            return queryset.order_by(created.desc(), "-pk")
        return queryset.order_by(F("rank").desc(), created.desc(), "-pk")

    @property
    def error_messages(self) -> list[str]:
        """Readable messages for the filters that were ignored because their value was bad."""
        messages = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            messages.extend(f"{label}: {error}" for error in errors)
        return messages
