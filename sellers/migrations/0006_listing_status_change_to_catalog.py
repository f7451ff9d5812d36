"""ListingStatusChange now belongs to catalog (see catalog 0008): gone from the sellers state.

State only: the table and its rows were taken over by catalog.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0005_mobile_ten_digits"),
        ("catalog", "0008_listing_status_change_from_sellers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ListingStatusChange")],
            database_operations=[],
        ),
    ]
