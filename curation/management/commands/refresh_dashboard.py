from django.core.management.base import BaseCommand

from curation import sales


class Command(BaseCommand):
    help = (
        "Recompute the dashboard's sales aggregates: the recent months and those whose orders "
        "changed, or every month with --all. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rebuild every month from scratch")

    def handle(self, *args, **options):
        months = sales.refresh_all() if options["all"] else sales.refresh_recent()
        self.stdout.write(f"Refreshed {len(months)} month(s).")
