from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class OdopBazaarConfig(AppConfig):
    name = "odop_bazaar"
    verbose_name = "ODOP Bazaar"

    # Saving any of these changes what storefront pages show.
    STOREFRONT_MODELS = (
        "catalog.Listing",
        "catalog.ListingImage",
        "catalog.OdopProduct",
        "catalog.Category",
        "districts.District",
        "districts.State",
        "districts.StoryPhoto",
        "districts.FeaturedListing",
        "sellers.Seller",
        "sellers.ProducerStory",
    )

    def ready(self) -> None:
        # Cache invalidation, not a business rule: a signal catches every save, whichever
        # service or admin page made it.
        from .page_cache import bump_storefront_version

        for label in self.STOREFRONT_MODELS:
            model = apps.get_model(label)
            post_save.connect(
                bump_storefront_version, sender=model, dispatch_uid=f"page-cache-save-{label}"
            )
            post_delete.connect(
                bump_storefront_version, sender=model, dispatch_uid=f"page-cache-delete-{label}"
            )
