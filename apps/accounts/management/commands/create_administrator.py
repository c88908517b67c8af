"""The first administrator of a fresh install (or an existing account promoted): a superuser holding the
administrator role, through :func:`apps.accounts.staff_admin.create_administrator`. ``createsuperuser`` is not
enough: Sipon's permissions come from roles, and both the staff pages and the Django admin need the administrator
role."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.accounts import staff_admin
from apps.accounts.models import User

PASSWORD_ENV = "SIPON_ADMIN_PASSWORD"  # noqa: S105  # the variable's name, not a password


class Command(BaseCommand):
    help = (
        "Create the first administrator (superuser + administrator role), or promote an existing account. "
        f"The password is asked twice, or read from ${PASSWORD_ENV} for automation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", default="", help="The person's name, shown in the staff pages.")
        parser.add_argument("--email", default="", help="Optional e-mail address.")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        exists = User.objects.filter(username__iexact=username).exists()
        password = "" if exists else self._password()
        try:
            user, created = staff_admin.create_administrator(
                username=username, password=password, full_name=options["full_name"], email=options["email"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if created:
            self.stdout.write(self.style.SUCCESS(f"Administrator {user.username!r} created (superuser, role "
                                                 "administrator)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Existing account {user.username!r} promoted to administrator "
                                                 "(superuser, role administrator); its password is unchanged."))
        self.stdout.write(
            "At the first sign-in (/akun/masuk/) the person enrols a second factor: scan the QR code with an "
            "authenticator app and type one code. Then /staf/akun/petugas/ manages staff accounts and /admin/ opens."
        )

    def _password(self) -> str:
        from_env = os.environ.get(PASSWORD_ENV)
        if from_env is not None:
            if not from_env:
                raise CommandError(f"${PASSWORD_ENV} is empty: set a password, or unset it to be asked.")
            return from_env
        first = getpass.getpass("Password: ")
        if not first:
            raise CommandError("The password is empty: nothing created.")
        if getpass.getpass("Password (again): ") != first:
            raise CommandError("The two passwords do not match: nothing created.")
        return first
