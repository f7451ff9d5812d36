"""The Curators group: staff who verify sellers and moderate listings in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    ("sellers", "seller"): ["view", "change"],
    ("sellers", "sellerdocument"): ["view"],
    ("sellers", "sellerstatuschange"): ["view"],
    ("sellers", "listingstatuschange"): ["view"],
    ("catalog", "listing"): ["view", "change"],
    ("catalog", "listingimage"): ["view"],
    ("catalog", "odopproduct"): ["view", "change"],
}


def create_curators(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group gets them.
    for app_label in ("sellers", "catalog"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")
    for (app_label, model), actions in PERMISSIONS.items():
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0002_kyc_verification_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators, migrations.RunPython.noop)]
