import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import core.encryption


class Migration(migrations.Migration):
    """Saved self-checks belong to the library now; their table stays where it is."""

    dependencies = [
        ("content", "0006_crisis_line_status"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SelfCheckAnswer",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("check_slug", models.SlugField(max_length=60)),
                        ("answers_json", core.encryption.EncryptedTextField()),
                        ("saved_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="self_checks", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "recovery_selfcheckanswer",
                        "ordering": ["-saved_at"],
                        "indexes": [models.Index(fields=["user", "-saved_at"], name="selfcheck_user_recent")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
