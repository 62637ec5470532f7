from django.db import migrations


class Migration(migrations.Migration):
    """SecurityEvent now belongs to core; its table stays where it is."""

    dependencies = [
        ("couples", "0009_checkin_latest_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SecurityEvent")],
            database_operations=[],
        ),
    ]
