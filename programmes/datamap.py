"""programmes' part of the data map (core.datamap): published content, no personal data
except the hosts' contact person and enquiry-form submissions (wagtailforms)."""

from django.apps import apps

from core import datamap as d

for _f, _kind in (
    ("contact_name", d.IDENTITY),
    ("contact_email", d.CONTACT),
    ("contact_phone", d.CONTACT),
):
    d.declare(
        "programmes.HostOrganisation",
        _f,
        kind=_kind,
        purpose="the host's contact person",
        retention=d.HOST_PERIOD,
        erasure=d.BLANK,
    )
d.declare(
    "wagtailforms.FormSubmission",
    "form_data",
    kind=d.CONTACT,
    purpose="enquiry-form submissions",
    retention=d.ENQUIRY_PERIOD,
    erasure=d.DELETE,
)
for _model in apps.get_app_config("programmes").get_models():
    if _model.__name__ != "HostOrganisation":
        d.not_personal(_model._meta.label)
d.not_personal(
    "programmes.HostOrganisation",
    *[
        f.name
        for f in apps.get_model("programmes", "HostOrganisation")._meta.concrete_fields
        if not f.name.startswith("contact_")
    ],
)
