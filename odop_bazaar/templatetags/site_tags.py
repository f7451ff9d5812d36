from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page_number: int) -> str:
    """The current URL's query string with ?page= replaced, so filters survive paging."""
    query: QueryDict = context["request"].GET.copy()
    query["page"] = str(page_number)
    return f"?{query.urlencode()}"
