import datetime

from django.db import migrations, models
from django.utils import timezone


def existing_links_expire(apps, schema_editor):
    """Links shared before expiry dates existed get the default 90 days from now."""
    LearningReport = apps.get_model("learning_reports", "LearningReport")
    LearningReport.objects.exclude(share_nonce="").filter(share_expires_on__isnull=True).update(
        share_expires_on=timezone.localdate() + datetime.timedelta(days=90)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("learning_reports", "0003_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="learningreport",
            name="share_expires_on",
            field=models.DateField(blank=True, null=True, verbose_name="shared link valid until"),
        ),
        migrations.RunPython(existing_links_expire, migrations.RunPython.noop),
    ]
