from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files with Babel (no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with open(po_path, "rb") as po_file:
                    catalog = read_po(po_file)
                with open(mo_path, "wb") as mo_file:
                    write_mo(mo_file, catalog)
                if options["verbosity"] >= 1:
                    self.stdout.write(f"Compiled {mo_path.relative_to(settings.BASE_DIR)}")
