from django.urls import path

from . import views

app_name = "grievances"
urlpatterns = [
    path("", views.grievance_list, name="list"),
    path("new/", views.grievance_file, name="file"),
    path("<int:pk>/", views.grievance_detail, name="detail"),
    path("<int:pk>/follow-up/", views.grievance_follow_up, name="follow-up"),
]
