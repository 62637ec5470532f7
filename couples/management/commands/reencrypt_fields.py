from django.core.management.base import BaseCommand

from core.encryption import reencrypt_all, reencrypt_mfa_secrets


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the newest key, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        for label, count in reencrypt_all(batch_size=batch_size):
            self.stdout.write(f"{label}: {count} value(s) re-encrypted")
        self.stdout.write(
            f"mfa.Authenticator: {reencrypt_mfa_secrets()} value(s) re-encrypted"
        )
