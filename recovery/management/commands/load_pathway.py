from django.core.management.base import BaseCommand

from recovery.loader import load_pathway


class Command(BaseCommand):
    help = "Load the bundled pathway; steps and exercises edited in the admin are kept unless named."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            nargs="*",
            default=[],
            metavar="LABEL",
            help="e.g. step-1 or step-1/letter-slug",
        )

    def handle(self, *args, overwrite, **options):
        load_pathway(overwrite=frozenset(overwrite)).write(self, "Pathway")
