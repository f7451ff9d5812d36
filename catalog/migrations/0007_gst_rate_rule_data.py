from django.db import migrations


def load_rules(apps, schema_editor):
    from catalog.gst_rules import load_rate_rules

    load_rate_rules(apps.get_model("catalog", "GstRateRule"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_gst_rate_rules")]
    operations = [migrations.RunPython(load_rules, migrations.RunPython.noop)]
