import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.demo import seed_demo
from districts.models import District


class Command(BaseCommand):
    help = "Create demo sellers and N live demo listings with photos (idempotent, deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--listings", type=int, default=300, help="How many demo listings should exist."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--no-renditions",
            action="store_true",
            help="Skip photo renditions (pages then show the original photo).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["listings"] < 0:
            raise CommandError("--listings must be 0 or more.")
        if not District.objects.exists():
            raise CommandError(
                "No districts yet: run `python manage.py load_reference_data` first."
            )
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 1 and (done % 5000 == 0 or done == total):
                self.stdout.write(
                    f"  {done:,} / {total:,} listings ({time.monotonic() - started:.0f} s)"
                )

        report = seed_demo(
            listings=options["listings"],
            seed=options["seed"],
            make_renditions=not options["no_renditions"],
            progress=progress,
        )
        if report.created_listings == 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{report.total_listings:,} demo listings already exist: nothing to do."
                )
            )
            return
        listings = _count(report.created_listings, "demo listing")
        sellers = _count(report.created_sellers, "demo seller")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {listings} and {sellers} in {time.monotonic() - started:.1f} s "
                f"({report.total_listings:,} in all)."
            )
        )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
