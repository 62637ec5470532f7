from django.core.management.base import BaseCommand

from couples.notify import mark_anniversaries, send_digests


class Command(BaseCommand):
    help = "Mark one- and three-month milestones and send the daily summaries that are due (run hourly or daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"{mark_anniversaries()} milestone(s) marked.")
        self.stdout.write(f"{send_digests()} daily summary(ies) sent.")
