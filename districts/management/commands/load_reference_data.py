from typing import Any

from django.core.management.base import BaseCommand

from districts.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load states, districts, categories and ODOP products from fixtures/ (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_reference_data()
        for line in report.lines():
            self.stdout.write(line)
        if report.changed_anything:
            self.stdout.write(self.style.SUCCESS("Reference data loaded."))
        else:
            self.stdout.write(
                self.style.SUCCESS("Reference data already up to date: nothing changed.")
            )
