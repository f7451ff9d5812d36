from django.urls import path

from .views import home, names, registry

app_name = "curation"
urlpatterns = [
    path("", home.home, name="home"),
    path("audit/", home.audit_log, name="audit-log"),
    path("names/", names.name_queue, {"kind": "districts"}, name="names-districts"),
    path("names/odop-products/", names.name_queue, {"kind": "products"}, name="names-products"),
    path("odop-products/", registry.product_list, name="odop-product-list"),
    path("odop-products/<int:pk>/", registry.product_edit, name="odop-product-edit"),
    path("odop-products/import/", registry.import_upload, name="odop-import"),
    path("odop-products/import/<int:pk>/", registry.import_preview, name="odop-import-preview"),
    path("odop-products/import/<int:pk>/apply/", registry.import_apply, name="odop-import-apply"),
]
