"""Set-up (``make setup``/``make run`` through ``load_demo``): the local signing certificate, once."""

from __future__ import annotations

from typing import Any

from apps.digitaldocs import signing


def load(stdout: Any) -> None:
    if signing.is_local():
        path = signing.ensure_local_certificate()
        stdout.write(f"Local signing certificate (NOT the national one): {path}")
