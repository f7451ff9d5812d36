from django.urls import path

from . import views

app_name = "districts"
urlpatterns = [
    path("", views.home, name="home"),
    path("states/<slug:slug>/", views.state_detail, name="state-detail"),
    path("districts/<slug:slug>/", views.district_detail, name="district-detail"),
]
