from django.core.management.base import BaseCommand

from couples.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the daily check-in reminders that are due (run every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due_reminders()} reminder(s) sent.")
