from django.core.management.base import BaseCommand

from couples.reminders import send_agreement_reviews, send_due_reminders


class Command(BaseCommand):
    help = "Send the check-in reminders and agreement reviews that are due (run every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due_reminders()} reminder(s) sent.")
        self.stdout.write(
            f"{send_agreement_reviews()} agreement review reminder(s) sent."
        )
