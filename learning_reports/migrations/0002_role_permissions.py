"""Who may do what with learning reports.

Regional developers review (comment, request changes, approve, publish) and follow the
impact dashboard; they get no permission on bookings. Their pages are under /developer/
(outside the Wagtail admin), guarded by accounts.middleware's MFA rule for staff areas.
Programme managers compile and revise reports and read the answers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEVELOPERS = "Regional developers"
MANAGERS = "Programme managers"

PERMISSIONS = {
    DEVELOPERS: [
        "view_learningreport",
        "review_learningreport",
        "view_impact_dashboard",
        "view_reportversion",
        "add_reviewcomment",
        "view_reviewcomment",
    ],
    MANAGERS: [
        "view_learningreport",
        "change_learningreport",
        "view_impact_dashboard",
        "view_reportversion",
        "view_reviewcomment",
        "view_feedbackinvitation",
        "change_feedbackinvitation",
        "view_feedbackresponse",
        "view_followupresponse",
        "view_hostdebrief",
    ],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(
            content_type__app_label="learning_reports", codename__in=codenames
        )
    )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("learning_reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("learning_reports", "0001_initial"),
        ("programmes", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
