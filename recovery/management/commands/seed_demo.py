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
        self.stdout.write("Demo accounts (the same password for each):")
        for (email, password), (_, name, kind, role) in zip(
            logins, DEMO_ACCOUNTS, strict=True
        ):
            who = role.label if role else kind.label
            self.stdout.write(f"  {email:<22} {password}   {name}: {who}")
