import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import AuditEntry


def _curators(request):
    return User.objects.filter(pk__in=AuditEntry.objects.values("actor")).order_by("email")


def _object_types(request):
    return ContentType.objects.filter(pk__in=AuditEntry.objects.values("content_type")).order_by(
        "app_label", "model"
    )


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(label=_("Curator"), queryset=_curators)
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="iexact")
    content_type = django_filters.ModelChoiceFilter(label=_("Object type"), queryset=_object_types)
    object_id = django_filters.CharFilter(label=_("Object id"))
    since = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("Until"), field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "content_type", "object_id", "since", "until"]

    @property
    def qs(self):
        return super().qs.select_related("actor", "content_type")
