from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class OdopBazaarConfig(AppConfig):
    name = "odop_bazaar"
    verbose_name = "ODOP Bazaar"

    # Saving any of these changes what every storefront page shows (names, stories).
    CATALOGUE_MODELS = (
        "catalog.OdopProduct",
        "catalog.Category",
        "districts.District",
        "districts.State",
        "districts.StoryPhoto",
        "sellers.ProducerStory",
    )

    def ready(self) -> None:
        # Cache invalidation, not a business rule: a signal catches every save, whichever
        # service or admin page made it. Listings and what shows with them refresh the pages
        # that show them only (catalog.page_scopes).
        from catalog import page_scopes

        from .page_cache import bump_storefront_version

        handlers = dict.fromkeys(self.CATALOGUE_MODELS, bump_storefront_version)
        handlers |= {
            "catalog.Listing": page_scopes.listing_saved,
            "catalog.ListingImage": page_scopes.photo_saved,
            "districts.FeaturedListing": page_scopes.featured_listing_saved,
            "sellers.Seller": page_scopes.seller_saved,
        }
        for label, handler in handlers.items():
            model = apps.get_model(label)
            post_save.connect(handler, sender=model, dispatch_uid=f"page-cache-save-{label}")
            post_delete.connect(handler, sender=model, dispatch_uid=f"page-cache-delete-{label}")
