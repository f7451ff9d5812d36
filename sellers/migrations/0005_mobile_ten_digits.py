"""Seller mobiles were stored as +91 and 10 digits; store the 10 digits, as addresses do."""

from django.db import migrations


def to_ten_digits(apps, schema_editor):
    Seller = apps.get_model("sellers", "Seller")
    for seller in Seller.objects.filter(mobile__startswith="+91").only("pk", "mobile"):
        Seller.objects.filter(pk=seller.pk).update(mobile=seller.mobile[3:])


def to_plus_91(apps, schema_editor):
    Seller = apps.get_model("sellers", "Seller")
    for seller in Seller.objects.exclude(mobile="").exclude(mobile__startswith="+").only(
        "pk", "mobile"
    ):
        Seller.objects.filter(pk=seller.pk).update(mobile=f"+91{seller.mobile}")


class Migration(migrations.Migration):
    dependencies = [("sellers", "0004_listing_decision_notified")]

    operations = [migrations.RunPython(to_ten_digits, to_plus_91)]
