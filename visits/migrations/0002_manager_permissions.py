"""Programme managers edit what visits are scheduled with: host availability, host users,
interpreters and escorts, the risk checklist. Visits themselves change only through the
services that the admin's visit page calls (view and change, never add or delete)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "Programme managers"
ALL = ("add", "change", "delete", "view")
VIEW_CHANGE = ("change", "view")
PERMISSIONS = {
    "hostavailability": ALL,
    "hostcloseddate": ALL,
    "hostmembership": ALL,
    "resource": ALL,
    "traveltime": ALL,
    "risktemplate": ALL,
    "visit": VIEW_CHANGE,
    "itineraryitem": VIEW_CHANGE,
    "sitevisit": VIEW_CHANGE,
    "riskassessment": VIEW_CHANGE,
    "risk": VIEW_CHANGE,
    "incident": ("add", "change", "view"),
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label="visits", codename=f"{action}_{model}")
        for model, actions in PERMISSIONS.items()
        for action in actions
    ]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("visits")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    managers = Group.objects.filter(name=MANAGERS).first()
    if managers is not None:
        managers.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
        ("programmes", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
