"""The database cache's table (settings.CACHES): rate limits and sign-in lockouts
shared by every process without Redis, and what stands in while Redis is away."""

from django.core.management import call_command
from django.db import migrations

TABLE = "mend_cache"


def create_table(apps, schema_editor):
    call_command(
        "createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_table, drop_table)]
