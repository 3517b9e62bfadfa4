"""Create the roles of Päämaja as groups, with what programme managers may do.

Hosts and regional developers get their permissions from the apps that give them
something to do (visits, learning_reports); delegation contacts use the front end only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Programme managers", "Hosts", "Regional developers", "Delegation contacts"]

MANAGER_MODEL_PERMISSIONS = {
    "programmes": ["hostorganisation"],
    "wagtailimages": ["image"],
    "wagtaildocs": ["document"],
    "wagtailforms": [],
}
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def _ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}
    managers = groups["Programme managers"]

    perms = [Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")]
    for app_label, models in MANAGER_MODEL_PERMISSIONS.items():
        for model in models:
            perms += list(
                Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model
                )
            )
    perms += list(
        Permission.objects.filter(
            content_type__app_label="simple_translation", codename="submit_translation"
        )
    )
    managers.permissions.add(*perms)

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=managers, page=root, permission=permission
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                permission = Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=managers, collection=root_collection, permission=permission
                )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("accounts", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
