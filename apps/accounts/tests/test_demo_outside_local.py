"""The demo accounts' password and authenticator keys are published: ``load_demo`` creates them only in local mode;
elsewhere it refuses, or with ``--random-secrets`` gives each account it creates a random password, shown once."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import demo
from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_refuses_to_create_the_published_demo_accounts_outside_local_mode(settings: Any) -> None:
    settings.LOCAL = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="SIPON_LOCAL=1"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_with_random_secrets_no_account_has_the_published_password_or_key() -> None:
    out = io.StringIO()
    demo.load(OutputWrapper(out), random_secrets=True)
    staff = User.objects.get(username="operator")
    assert not staff.check_password(demo.DEMO_PASSWORD)
    published_keys = {secret for *_rest, secret in demo.STAFF}
    assert not TOTPDevice.objects.filter(key__in=published_keys).exists()
    printed = out.getvalue()
    assert demo.DEMO_PASSWORD not in printed
    line = next(line for line in printed.splitlines() if line.strip().startswith("operator "))
    assert staff.check_password(line.split()[-1])  # shown once, and it is the real one
    assert all(not user.check_password(demo.DEMO_PASSWORD) for user in User.objects.all())
