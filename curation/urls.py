from django.urls import path

from .views import grievances, home, orders

app_name = "curation"
urlpatterns = [
    path("", home.home, name="home"),
    path("audit/", home.audit_log, name="audit-log"),
    path("grievances/", grievances.queue, name="grievance-queue"),
    path("grievances/acknowledge/", grievances.bulk_acknowledge, name="grievance-bulk-acknowledge"),
    path("grievances/<int:pk>/", grievances.item, name="grievance"),
    path("grievances/<int:pk>/acknowledge/", grievances.acknowledge, name="grievance-acknowledge"),
    path("grievances/<int:pk>/resolve/", grievances.resolve, name="grievance-resolve"),
    path("grievances/<int:pk>/close/", grievances.close, name="grievance-close"),
    path("orders/", orders.search, name="order-search"),
    path("orders/<int:pk>/", orders.order, name="order"),
    path("shipments/<int:pk>/cancel/", orders.shipment_cancel, name="shipment-cancel"),
]
