"""The four roles exist after migrations, with the right permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from accounts.models import User
from accounts.roles import (
    ALL_ROLES,
    DELEGATION_CONTACTS,
    HOSTS,
    PROGRAMME_MANAGERS,
    REGIONAL_DEVELOPERS,
    STAFF_ROLES,
    is_staff_role,
    user_has_role,
)

from .factories import make_user

pytestmark = pytest.mark.django_db


def test_the_four_role_groups_exist_after_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)
    assert set(ALL_ROLES) == {PROGRAMME_MANAGERS, HOSTS, REGIONAL_DEVELOPERS, DELEGATION_CONTACTS}


def test_programme_managers_may_use_the_wagtail_admin():
    managers = Group.objects.get(name=PROGRAMME_MANAGERS)
    assert managers.permissions.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).exists()


def test_programme_managers_may_add_change_and_publish_every_page():
    managers = Group.objects.get(name=PROGRAMME_MANAGERS)
    root = Page.get_first_root_node()
    codenames = set(
        GroupPagePermission.objects.filter(group=managers, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames


def test_programme_managers_edit_host_organisations_images_and_documents():
    managers = Group.objects.get(name=PROGRAMME_MANAGERS)
    codenames = set(managers.permissions.values_list("codename", flat=True))
    assert {
        "add_hostorganisation",
        "change_hostorganisation",
        "delete_hostorganisation",
        "add_image",
        "change_image",
        "add_document",
    } <= codenames


@pytest.mark.parametrize("role", [HOSTS, REGIONAL_DEVELOPERS, DELEGATION_CONTACTS])
def test_other_roles_have_no_admin_access_and_no_page_permissions(role):
    group = Group.objects.get(name=role)
    assert not group.permissions.filter(codename="access_admin").exists()
    assert not GroupPagePermission.objects.filter(group=group).exists()


@pytest.mark.parametrize(
    ("role", "admin"),
    [
        (PROGRAMME_MANAGERS, True),
        (HOSTS, False),
        (REGIONAL_DEVELOPERS, False),
        (DELEGATION_CONTACTS, False),
    ],
)
def test_a_member_of_each_role_has_admin_access_only_as_a_manager(role, admin):
    user = make_user(f"{role.split()[0].lower()}@example.com", role=role)
    assert user.has_perm("wagtailadmin.access_admin") is admin
    assert user_has_role(user, role)


def test_staff_roles_are_the_three_back_office_roles():
    assert set(STAFF_ROLES) == {PROGRAMME_MANAGERS, HOSTS, REGIONAL_DEVELOPERS}
    for role in STAFF_ROLES:
        assert is_staff_role(make_user(f"{role.split()[0].lower()}@example.com", role=role))
    assert not is_staff_role(make_user("delegate@example.com", role=DELEGATION_CONTACTS))
    assert is_staff_role(User.objects.create_superuser(email="root@example.com", password="x" * 20))


# Wagtail's own first migration creates these two groups with admin access. No Päämaja
# user is put in them; they are tolerated here so that the guard below stays precise.
WAGTAIL_DEFAULT_GROUPS = {"Editors", "Moderators"}


def test_only_programme_managers_are_given_admin_access():
    # A guard against a future migration that hands admin access to a wider group.
    holders = Group.objects.filter(
        permissions=Permission.objects.get(codename="access_admin")
    ).values_list("name", flat=True)
    assert set(holders) - WAGTAIL_DEFAULT_GROUPS == {PROGRAMME_MANAGERS}
