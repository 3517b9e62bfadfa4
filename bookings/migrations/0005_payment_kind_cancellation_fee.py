from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0004_verbose_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="payment",
            name="kind",
            field=models.CharField(
                choices=[
                    ("deposit", "Deposit"),
                    ("balance", "Balance"),
                    ("full", "Full amount"),
                    ("fee", "Cancellation fee"),
                ],
                max_length=10,
            ),
        ),
    ]
