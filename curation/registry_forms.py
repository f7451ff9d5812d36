"""Forms and filters of the name review queue and the ODOP registry."""

import re

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, OdopProduct
from districts.models import State

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


class HindiNameForm(forms.Form):
    """A curator's correction of a Hindi name: written in Devanagari."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_hi"] = forms.CharField(
            label=_("Hindi name"), max_length=max_length, strip=True
        )

    def clean_name_hi(self) -> str:
        name = " ".join(self.cleaned_data["name_hi"].split())
        if not DEVANAGARI.search(name):
            raise forms.ValidationError(_("Write the name in Devanagari."))
        return name


class NameQueueFilter(forms.Form):
    """Which names the review queue shows: by state, waiting or reviewed."""

    class Status:
        PENDING = "pending"
        REVIEWED = "reviewed"
        ALL = "all"

    state = forms.ModelChoiceField(
        label=_("State or union territory"),
        queryset=State.objects.only("name", "name_hi", "slug"),
        required=False,
        to_field_name="slug",
    )
    status = forms.ChoiceField(
        label=_("Show"),
        choices=[
            (Status.PENDING, _("Waiting for review")),
            (Status.REVIEWED, _("Reviewed")),
            (Status.ALL, _("All")),
        ],
        required=False,
    )

    def filter(self, queryset: QuerySet, *, state_path: str | None) -> QuerySet:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("state") and state_path:
            queryset = queryset.filter(**{state_path: data["state"]})
        status = data.get("status") or self.Status.PENDING
        if status == self.Status.PENDING:
            queryset = queryset.filter(name_hi_reviewed_at__isnull=True)
        elif status == self.Status.REVIEWED:
            queryset = queryset.filter(name_hi_reviewed_at__isnull=False)
        return queryset


class OdopProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or ODOP id"), method="search")
    district = django_filters.CharFilter(
        label=_("District"), field_name="district__name", lookup_expr="icontains"
    )
    state = django_filters.ModelChoiceFilter(
        label=_("State or union territory"),
        field_name="district__state",
        queryset=State.objects.only("name", "name_hi"),
    )
    gi = django_filters.BooleanFilter(
        label=_("GI-tagged"),
        field_name="is_gi_tagged",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = OdopProduct
        fields = ["q", "district", "state", "gi"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(name_hi__icontains=value) | Q(odop_id__iexact=value)
        )


class OdopProductForm(forms.Form):
    """What a curator edits on an ODOP product; the category follows the sector."""

    name = forms.CharField(label=_("Name"), max_length=120, strip=True)
    sector = forms.ChoiceField(label=_("Sector (sets the category)"))
    rank = forms.ChoiceField(label=_("Rank in the district"), choices=OdopProduct.Rank.choices)
    ministry = forms.CharField(
        label=_("Ministry or department"), max_length=120, required=False, strip=True
    )
    is_gi_tagged = forms.TypedChoiceField(
        label=_("GI-tagged"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    release = forms.MultipleChoiceField(
        label=_("Let the official list set these again"),
        help_text=_("Fields a curator set; ticked ones follow the next import or loader run."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        strip=True,
    )

    def __init__(self, *args, product: OdopProduct, **kwargs):
        initial = {
            "name": product.name,
            "sector": product.sector,
            "rank": product.rank,
            "ministry": product.ministry,
            "is_gi_tagged": "yes" if product.is_gi_tagged else "no",
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["sector"].choices = [
            (c.sector, f"{c.sector} ({c.name})") for c in Category.objects.order_by("sector")
        ]
        if product.curated_fields:
            self.fields["release"].choices = [
                (name, self.fields[name].label)
                for name in product.curated_fields
                if name in self.fields
            ]
        else:
            del self.fields["release"]
        self.product = product

    def clean(self) -> dict:
        data = super().clean()
        changed = [
            n for n in data.get("release", []) if n in data and data[n] != getattr(self.product, n)
        ]
        if changed:
            self.add_error("release", _("Change a field or hand it back, not both."))
        return data


class OdopListUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Updated ODOP list (CSV, UTF-8, the columns of fixtures/odop_products.csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
