import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """SecurityEvent moves here from couples, keeping its table."""

    initial = True

    dependencies = [
        ("couples", "0010_security_event_moves_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SecurityEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('login', 'Signed in'), ('login_failed', 'Failed sign-in'), ('logout', 'Signed out'), ('password_changed', 'Password changed'), ('password_reset', 'Password reset'), ('mfa_added', 'Two-factor method added'), ('mfa_removed', 'Two-factor method removed'), ('export', 'Data export requested'), ('deletion', 'Account deleted'), ('consent_changed', 'Therapist consent given or changed'), ('consent_revoked', 'Therapist consent revoked'), ('therapist_access', 'A therapist viewed client data')], max_length=20)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'couples_securityevent',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['user', '-created_at'], name='security_event_user')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
