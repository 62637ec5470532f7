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
            help="Replace these edited articles or glossary terms with the bundled version.",
        )

    def handle(self, *args, overwrite, **options):
        report = load_library(overwrite=frozenset(overwrite))
        self.stdout.write(
            f"Library: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )
        for slug in report.kept_edits:
            self.stdout.write(
                self.style.WARNING(
                    f"  Kept an editor's changes to {slug}; the bundled version differs. "
                    f"Use --overwrite {slug.removeprefix('glossary:')} to replace them."
                )
            )
