from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recovery.demo import DEMO_ACCOUNTS, seed_demo


class Command(BaseCommand):
    help = "Create the demo couple and therapist (development only; safe to re-run)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG=1: it creates known passwords."
            )
        logins = seed_demo()
        self.stdout.write("Demo accounts:")
        for (email, password), account in zip(logins, DEMO_ACCOUNTS, strict=True):
            self.stdout.write(f"  {email:<20}  password: {password}   {account[-1]}")
