"""The roles of Päämaja, as Django groups. The groups are created by a migration."""

from django.conf import settings

PROGRAMME_MANAGERS = "Programme managers"
HOSTS = "Hosts"
REGIONAL_DEVELOPERS = "Regional developers"
DELEGATION_CONTACTS = "Delegation contacts"

STAFF_ROLES = (PROGRAMME_MANAGERS, HOSTS, REGIONAL_DEVELOPERS)
ALL_ROLES = (*STAFF_ROLES, DELEGATION_CONTACTS)


def user_has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_paamaja_roles", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._paamaja_roles = cache
    return role in cache


def is_staff_role(user) -> bool:
    """Staff roles must use MFA: superusers, Django staff and the three staff groups."""
    if not user.is_authenticated:
        return False
    return bool(
        user.is_superuser or user.is_staff or any(user_has_role(user, r) for r in STAFF_ROLES)
    )


def staff_mfa_required() -> bool:
    return bool(getattr(settings, "STAFF_MFA_REQUIRED", True))
