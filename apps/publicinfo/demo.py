"""Demo data: the default service standard for every active service."""

from __future__ import annotations

from typing import Any

from apps.publicinfo.services import seed_standards


def load(stdout: Any) -> None:
    created = seed_standards()
    stdout.write(f"  service standards: {created} created")
