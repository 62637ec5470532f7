from django.core.management.base import BaseCommand

from content.loader import load_library


class Command(BaseCommand):
    help = (
        "Load the bundled library; articles edited in the admin are kept unless named."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            nargs="*",
            default=[],
            metavar="SLUG",
            help=(
                "Replace these edited articles, glossary terms or crisis lines "
                "(crisis:CC:Name) with the bundled version."
            ),
        )

    def handle(self, *args, overwrite, **options):
        load_library(overwrite=frozenset(overwrite)).write(self, "Library")
