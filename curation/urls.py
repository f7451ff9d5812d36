from django.urls import path

from .views import dashboard, home

app_name = "curation"
urlpatterns = [
    path("", home.home, name="home"),
    path("audit/", home.audit_log, name="audit-log"),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
]
