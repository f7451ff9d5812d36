import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from accounts.models import User
from catalog.demo import DEMO_EMAIL_DOMAIN, FEATURED_DISTRICTS, Plan, seed_demo
from catalog.demo_shop import (
    BUYER_EMAIL,
    CURATOR_EMAIL,
    demo_password,
    ensure_people,
    first_sellers,
    seed_orders,
    set_passwords,
)
from districts.models import District


class Command(BaseCommand):
    help = (
        "Create demo sellers, N live demo listings with photos, a demo curator and buyer, and "
        "demo orders in every state (idempotent, deterministic); prints the demo log-ins."
    )

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
        parser.add_argument(
            "--no-orders", action="store_true", help="Skip the demo orders (benchmarks, tests)."
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
        home = None
        if not User.objects.filter(email=BUYER_EMAIL, addresses__isnull=False).exists():
            # The buyer lives in the first demo district's state (its sellers deliver there).
            home = next(iter(Plan.make(options["seed"]).order), None)
        _curator, buyer = ensure_people(home)
        password = demo_password()
        set_passwords(password)
        orders = 0 if options["no_orders"] else seed_orders(buyer)
        if report.created_listings == 0 and orders == 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{report.total_listings:,} demo listings already exist: nothing to do."
                )
            )
        else:
            listings = _count(report.created_listings, "demo listing")
            sellers = _count(report.created_sellers, "demo seller")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {listings}, {sellers} and {_count(orders, 'demo order')} in "
                    f"{time.monotonic() - started:.1f} s ({report.total_listings:,} in all)."
                )
            )
        if options["verbosity"] >= 1:
            self._print_log_ins(password)

    def _print_log_ins(self, password: str | None) -> None:
        old = User.objects.filter(
            email__startswith="demo-seller-", email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
        ).exists()
        if old:
            self.stdout.write(
                self.style.WARNING(
                    "This database holds demo data from an older seed_demo, whose sellers cannot "
                    "log in: `make clean` then `make run` gives the new demo shop."
                )
            )
        if password is None:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG is off: nobody can log in as a demo account. Set DEMO_PASSWORD to "
                    "allow it (never on a public site)."
                )
            )
            return
        site = settings.SITE_URL.rstrip("/")
        login = site + reverse("accounts:login")
        shown = "the password in DEMO_PASSWORD" if password != "odop-demo" else password
        self.stdout.write(f"\nDemo log-ins (password: {shown}) at {login}")
        self.stdout.write(f"  buyer    {BUYER_EMAIL:<40} orders in every state: {site}/orders/")
        self.stdout.write(f"  curator  {CURATOR_EMAIL:<40} {site}/curate/")
        for seller in first_sellers():
            place = (
                "" if seller.district.name in seller.display_name else f", {seller.district.name}"
            )
            self.stdout.write(
                f"  seller   {seller.user.email:<40} {seller.display_name}{place}: {site}/seller/"
            )
        self.stdout.write(
            f"  (every demo seller: seller0@ to sellerN@{DEMO_EMAIL_DOMAIN}; "
            f"the first {FEATURED_DISTRICTS} featured districts have 3 to 5 each)"
        )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
