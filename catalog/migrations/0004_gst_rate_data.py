from datetime import date
from decimal import Decimal

from django.db import migrations

# GST slabs before and after the rate rationalisation that took effect on 22 September 2025
# (0.25% and 3% are the special rates for rough diamonds and precious metals).
BEFORE = ["0", "0.25", "3", "5", "12", "18", "28"]
FROM_22_SEPT_2025 = ["0", "0.25", "3", "5", "18", "40"]
CHANGE = date(2025, 9, 22)


def add_rates(apps, schema_editor):
    GstRate = apps.get_model("catalog", "GstRate")
    for rate in BEFORE:
        GstRate.objects.get_or_create(
            rate=Decimal(rate), effective_from=date(2017, 7, 1), defaults={"effective_until": date(2025, 9, 21)}
        )
    for rate in FROM_22_SEPT_2025:
        GstRate.objects.get_or_create(rate=Decimal(rate), effective_from=CHANGE)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_gst_rates")]
    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
