from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from odop_bazaar.health import healthz

urlpatterns = [
    path("healthz/", healthz, name="healthz"),  # load balancers: no login, no language
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("odop_bazaar.api_urls")),
    path("admin/", admin.site.urls),
    path("payments/", include("orders.webhook_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("districts.urls")),
    path("", include("catalog.urls")),
    path("", include("orders.urls")),
    path("", include("sellers.urls")),
    path("accounts/", include("accounts.urls")),
    path("grievances/", include("grievances.urls")),
    path("curate/", include("curation.urls")),
    prefix_default_language=False,
)
if settings.SERVE_MEDIA:
    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

handler404 = "odop_bazaar.views.page_not_found"
handler500 = "odop_bazaar.views.server_error"
