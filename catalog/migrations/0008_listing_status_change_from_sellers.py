"""ListingStatusChange moves from sellers to catalog, the app that owns Listing.

The rows stay: the model first takes over the sellers table as it is (state only), its content
type (and so the Curators' view permission and the admin log) moves to catalog, then the table
is renamed catalog_listingstatuschange. sellers 0006 drops the model from the sellers state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="sellers", new="catalog"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moved = ContentType.objects.using(db).filter(app_label=old, model="listingstatuschange")
    if not moved.exists():
        return  # a database whose content types were never made: post_migrate makes them
    # Made by post_migrate if migrate stopped between the two apps; it holds nothing of value.
    ContentType.objects.using(db).filter(app_label=new, model="listingstatuschange").delete()
    moved.update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="catalog", new="sellers")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_gst_rate_rule_data"),
        ("sellers", "0005_mobile_ten_digits"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ListingStatusChange",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("from_status", models.CharField(max_length=10, verbose_name="from")),
                        ("to_status", models.CharField(max_length=10, verbose_name="to")),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="when")),
                        ("notified_at", models.DateTimeField(blank=True, null=True, verbose_name="seller notified at")),
                        ("changed_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="changed by")),
                        ("listing", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="status_changes", to="catalog.listing")),
                    ],
                    options={
                        "verbose_name": "listing status change",
                        "ordering": ["created_at", "pk"],
                        "abstract": False,
                        "db_table": "sellers_listingstatuschange",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.AlterModelTable(name="listingstatuschange", table=None),
    ]
