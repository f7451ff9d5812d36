"""`manage.py create_curator EMAIL`: a staff user in the Curators group (made if missing)."""

import os
import sys
from getpass import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import User
from sellers.access import CURATORS_GROUP


class Command(BaseCommand):
    help = "Create a curator (or make an existing user one): staff, in the Curators group."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--full-name", default="")
        parser.add_argument(
            "--password", help="Only for scripts and demos; asked for when left out."
        )

    @transaction.atomic
    def handle(
        self, *args: Any, email: str, full_name: str, password: str | None, **options: Any
    ) -> None:
        from django.contrib.auth.models import Group

        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            password = password or os.environ.get("CURATOR_PASSWORD", "")
            if not password and sys.stdin.isatty():
                password = getpass("Password: ")
            if not password:
                raise CommandError(
                    "A new curator needs a password: give --password or CURATOR_PASSWORD "
                    "(there is no terminal to ask on)."
                )
            user = User.objects.create_user(email=email, password=password, full_name=full_name)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
        user.groups.add(group)
        self.stdout.write(f"{user.email} is a curator: log in and open /curate/.")
