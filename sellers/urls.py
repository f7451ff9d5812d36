from django.urls import path

from . import views

app_name = "sellers"
urlpatterns = [
    path("sell/", views.sell, name="sell"),
    path("sell/onboarding/", views.onboarding, name="onboarding"),
    path("sell/onboarding/review/", views.onboarding_review, name="onboarding-review"),
    path("sell/onboarding/<slug:step>/", views.onboarding_step, name="onboarding-step"),
    path("seller/", views.dashboard, name="dashboard"),
    path("seller/profile/", views.profile, name="profile"),
    path("seller/profile/change/<slug:kind>/", views.change_request, name="change-request"),
    path("seller/story/", views.producer_story, name="producer-story"),
    path("seller/story/withdraw/", views.producer_story_withdraw, name="producer-story-withdraw"),
    path("seller/documents/<int:pk>/", views.document_download, name="document"),
    path("seller/documents/<int:pk>/remove/", views.document_remove, name="document-remove"),
    path("seller/listings/new/", views.listing_create, name="listing-create"),
    path("seller/listings/<int:pk>/", views.listing_edit, name="listing-edit"),
    path("seller/listings/<int:pk>/photos/", views.listing_photos, name="listing-photos"),
    path(
        "seller/listings/<int:pk>/photos/<int:image_pk>/<slug:action>/",
        views.listing_photo_action,
        name="listing-photo-action",
    ),
    path("seller/listings/<int:pk>/<slug:action>/", views.listing_action, name="listing-action"),
]
