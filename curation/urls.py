from django.urls import path

from .views import home, stories

app_name = "curation"
urlpatterns = [
    path("", home.home, name="home"),
    path("audit/", home.audit_log, name="audit-log"),
    # Storefront stories (issue 9, part 2)
    path("districts/", stories.district_list, name="district-stories"),
    path("districts/<slug:slug>/", stories.district_story, name="district-story"),
    path("districts/<slug:slug>/hero/", stories.district_hero, name="district-hero"),
    path("districts/<slug:slug>/featured/", stories.district_feature, name="district-feature"),
    path(
        "districts/<slug:slug>/featured/<int:listing_pk>/<slug:action>/",
        stories.district_featured_action,
        name="district-featured-action",
    ),
    path("odop-products/<int:pk>/story/", stories.odop_product_story, name="odop-product-story"),
    path(
        "odop-products/<int:pk>/story/hero/",
        stories.odop_product_hero,
        name="odop-product-hero",
    ),
    path("producer-stories/", stories.producer_stories, name="producer-stories"),
    path("producer-stories/bulk/", stories.producer_stories_bulk, name="producer-stories-bulk"),
    path(
        "producer-stories/<int:pk>/publish/",
        stories.producer_story_publish,
        name="producer-story-publish",
    ),
    path(
        "producer-stories/<int:pk>/reject/",
        stories.producer_story_reject,
        name="producer-story-reject",
    ),
]
