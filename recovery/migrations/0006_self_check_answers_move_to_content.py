from django.db import migrations


class Migration(migrations.Migration):
    """SelfCheckAnswer now belongs to content; its table stays where it is."""

    dependencies = [
        ("recovery", "0005_pathway_translations"),
        ("content", "0007_self_check_answers_move_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SelfCheckAnswer")],
            database_operations=[],
        ),
    ]
