"""Programme managers run bookings: their permissions, the VAT rates and a default policy.

Financial records (bookings, payments, refunds, invoices) are never deleted or created
by hand: managers may view and change them (through the service functions the admin
calls), not add or delete them. Audit entries and outbox messages are view-only.
"""

from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "Programme managers"

ALL = ("add", "change", "delete", "view")
VIEW_CHANGE = ("change", "view")
PERMISSIONS = {
    "bookings": {
        "vatrate": ALL,
        "cancellationpolicy": ALL,
        "cancellationrule": ALL,
        "hotel": ALL,
        "roomtype": ALL,
        "allotment": ALL,
        "extra": ALL,
        "organisation": ALL,
        "bookingpolicy": ALL,
        "tailoredrequest": ALL,
        "quote": ALL,
        "quoteline": ALL,
        "waitinglistentry": ALL,
        "booking": VIEW_CHANGE,
        "bookingline": VIEW_CHANGE,
        "bookingextra": VIEW_CHANGE,
        "roomreservation": VIEW_CHANGE,
        "participant": VIEW_CHANGE,
        "payment": VIEW_CHANGE,
        "refund": VIEW_CHANGE,
        "invoice": VIEW_CHANGE,
        "invoiceline": VIEW_CHANGE,
        "stripeevent": ("view",),
    },
    "core": {
        "auditentry": ("view",),
        "outboxmessage": ("view",),
    },
}

VAT_RATES = [
    ("general", "General rate", Decimal("25.50")),
    ("accommodation", "Accommodation", Decimal("14.00")),
]
DEFAULT_POLICY_RULES = [(60, Decimal("100")), (30, Decimal("50")), (0, Decimal("0"))]


def _ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    codenames = []
    for app_label, models in PERMISSIONS.items():
        for model, actions in models.items():
            codenames += [(app_label, f"{action}_{model}") for action in actions]
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*_permissions(apps))

    VatRate = apps.get_model("bookings", "VatRate")
    for code, name, rate in VAT_RATES:
        VatRate.objects.get_or_create(code=code, defaults={"name": name, "rate": rate})

    CancellationPolicy = apps.get_model("bookings", "CancellationPolicy")
    CancellationRule = apps.get_model("bookings", "CancellationRule")
    if not CancellationPolicy.objects.filter(is_default=True).exists():
        policy = CancellationPolicy.objects.create(name="Standard", is_default=True)
        for days_before, refund_percent in DEFAULT_POLICY_RULES:
            CancellationRule.objects.create(
                policy=policy, days_before=days_before, refund_percent=refund_percent
            )


def revoke(apps, schema_editor):
    # The VAT rates and the policy stay: bookings may already point at them.
    Group = apps.get_model("auth", "Group")
    managers = Group.objects.filter(name=MANAGERS).first()
    if managers is not None:
        managers.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0001_initial"),
        ("core", "0001_initial"),
        ("programmes", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
