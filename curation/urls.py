from django.urls import path

from .views import grievances, home, listings, names, orders, registry, returns, sellers, stories

app_name = "curation"
urlpatterns = [
    path("", home.home, name="home"),
    path("audit/", home.audit_log, name="audit-log"),
    path("sellers/queue/", sellers.seller_queue, name="seller-queue"),
    path("sellers/", sellers.seller_search, name="seller-search"),
    path("sellers/<int:pk>/", sellers.seller_detail, name="seller"),
    path("change-requests/", sellers.change_queue, name="change-queue"),
    path("change-requests/<int:pk>/", sellers.change_detail, name="change-request"),
    path("listings/queue/", listings.listing_queue, name="listing-queue"),
    path("listings/gi-claims/", listings.gi_queue, name="gi-queue"),
    path("listings/<int:pk>/", listings.listing_detail, name="listing"),
    path("returns/disputed/", returns.dispute_queue, name="dispute-queue"),
    path("returns/<int:pk>/", returns.dispute_detail, name="return"),
    path("grievances/", grievances.queue, name="grievance-queue"),
    path("grievances/acknowledge/", grievances.bulk_acknowledge, name="grievance-bulk-acknowledge"),
    path("grievances/<int:pk>/", grievances.item, name="grievance"),
    path("grievances/<int:pk>/acknowledge/", grievances.acknowledge, name="grievance-acknowledge"),
    path("grievances/<int:pk>/resolve/", grievances.resolve, name="grievance-resolve"),
    path("grievances/<int:pk>/close/", grievances.close, name="grievance-close"),
    path("orders/", orders.search, name="order-search"),
    path("orders/<int:pk>/", orders.order, name="order"),
    path("shipments/<int:pk>/cancel/", orders.shipment_cancel, name="shipment-cancel"),
    path("names/", names.name_queue, {"kind": "districts"}, name="names-districts"),
    path("names/odop-products/", names.name_queue, {"kind": "products"}, name="names-products"),
    path("odop-products/", registry.product_list, name="odop-product-list"),
    path("odop-products/<int:pk>/", registry.product_edit, name="odop-product-edit"),
    path("odop-products/import/", registry.import_upload, name="odop-import"),
    path("odop-products/import/<int:pk>/", registry.import_preview, name="odop-import-preview"),
    path("odop-products/import/<int:pk>/apply/", registry.import_apply, name="odop-import-apply"),
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
