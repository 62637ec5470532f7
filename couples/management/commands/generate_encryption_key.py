from django.core.management.base import BaseCommand

from core.encryption import generate_key


class Command(BaseCommand):
    help = "Print a new random key for FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        self.stdout.write(generate_key())
