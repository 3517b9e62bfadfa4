"""programmes' part of retention: enquiry-form submissions after their period."""

from __future__ import annotations

import datetime

from wagtail.contrib.forms.models import FormSubmission

from core import retention


def retention_part(as_of: datetime.date) -> dict[str, int]:
    cutoff = retention.start_of(retention.months_ago(as_of, retention.enquiry_months()))
    deleted, _ = FormSubmission.objects.filter(submit_time__lt=cutoff).delete()
    return {"wagtailforms.formsubmission": deleted}


retention.register("programmes", retention_part)
