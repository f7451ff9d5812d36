from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("listings/<int:pk>-<slug:slug>/", views.listing_detail, name="listing-detail"),
    path("products/<slug:slug>/", views.product_detail, name="product-detail"),
    path("categories/<slug:slug>/", views.category_detail, name="category-detail"),
    path("search/", views.search, name="search"),
]
