"""/curate/dashboard/: sales, coverage and regional balance, from the monthly aggregates."""

import csv

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from districts.map import render_map
from odop_bazaar.templatetags.money import inr

from .. import charts, dashboard
from ..access import curator_required


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        choices=[
            ("1", gettext_lazy("This month")),
            ("3", gettext_lazy("Last 3 months")),
            ("6", gettext_lazy("Last 6 months")),
            ("12", gettext_lazy("Last 12 months")),
            ("24", gettext_lazy("Last 24 months")),
        ],
        required=False,
    )


def _with(request: HttpRequest, **changes: str | None) -> str:
    """The current query string with some parameters set (or removed when None)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"?{query.urlencode()}" if query else "?"


def _csv(table: dashboard.Table, period: dashboard.Period) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"dashboard-{table.name}-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            f"{column.label} (%)" if column.kind == "percent" else column.label
            for column in table.columns
        ]
    )
    for row in table.rows:
        writer.writerow([c.csv for c in row])
    return response


def _decorate(request: HttpRequest, table: dashboard.Table) -> dashboard.Table:
    """Sort links for the headers, paging links and the CSV link, keeping the other parameters."""
    table.extra["headers"] = [
        (
            column,
            _with(request, **{f"{table.name}_sort": column.sort, f"{table.name}_page": None})
            if column.sort
            else "",
            bool(column.sort) and column.sort == table.sort,
        )
        for column in table.columns
    ]
    for row in table.rows:
        for column, item in zip(table.columns, row, strict=True):
            item.label = str(column.label)
    table.extra["csv_url"] = _with(request, format="csv", table=table.name)
    if table.page is not None:
        key = f"{table.name}_page"
        if table.page.has_previous():
            table.extra["previous_url"] = _with(
                request, **{key: str(table.page.previous_page_number())}
            )
        if table.page.has_next():
            table.extra["next_url"] = _with(request, **{key: str(table.page.next_page_number())})
    return table


@curator_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("period", dashboard.DEFAULT_PERIOD)
    form = PeriodForm(data)
    choice = dashboard.DEFAULT_PERIOD
    if form.is_valid() and form.cleaned_data["period"]:
        choice = form.cleaned_data["period"]
    period = dashboard.period_of(dashboard.PERIODS[choice])
    wants_csv = request.GET.get("format") == "csv"
    ctx = dashboard.Context(period=period, params=request.GET.dict(), paged=not wants_csv)
    if wants_csv:
        build = dashboard.TABLES.get(request.GET.get("table", ""))
        if build is None:
            raise Http404(_("There is no such table."))
        return _csv(build(ctx), period)

    tables = {name: _decorate(request, build(ctx)) for name, build in dashboard.TABLES.items()}
    chart_points = tables["months"].extra["chart"]
    totals, coverage = tables["months"].extra["totals"], dashboard.coverage(ctx)
    summary = [
        (_("Sales value"), dashboard.cell("money", totals.sales_value).text),
        (_("Delivered value"), dashboard.cell("money", totals.delivered_value).text),
        (_("Open value"), dashboard.cell("money", totals.open_value).text),
        (_("Orders"), dashboard.cell("count", totals.orders_count).text),
        (_("Units sold"), dashboard.cell("count", totals.units).text),
    ] + [
        (label, f"{item['covered']} / {item['total']} ({item['share']})")
        for label, item in (
            (_("Districts with a live listing"), coverage["districts"]),
            (_("ODOP products with a live listing"), coverage["products"]),
        )
    ]
    context = {
        "form": form,
        "period": period,
        "refreshed_at": dashboard.refreshed_at(),
        "tables": tables,
        "coverage": coverage,
        "summary": summary,
        "slow_hours": dashboard.settings.SLOW_DISPATCH_HOURS,
        "sales_chart": charts.sales_bars(
            [(month, delivered, open_) for month, delivered, open_, _s, _g in chart_points],
            title=_("Sales value by month"),
            delivered=_("Delivered"),
            open_=_("Open"),
        ),
        "balance_chart": charts.balance_lines(
            [(month, gini, share) for month, _d, _o, share, gini in chart_points],
            title=_("Regional balance by month"),
            gini=_("Gini coefficient"),
            share=_("Share of the lower half"),
        ),
        "district_map": render_map(
            dashboard.map_values(ctx),
            label=_("Map of India's districts shaded by sales value"),
            legend_title=_("Sales value (₹)"),
            value_label=inr,
            format_value=inr,
            link=False,
        ),
    }
    return render(request, "curation/dashboard.html", context)
