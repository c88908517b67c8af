"""Baseline workloads: the bare hello-world view and the public home page."""

from __future__ import annotations

from harness import Harness, Result


def run(h: Harness) -> list[Result]:
    return [
        h.hello(),
        h.wrk("home page", "/", note="public home: services, requirements, offices (DB queries + template)"),
        h.wrk("readyz", "/readyz", note="SELECT 1 through the ORM connection"),
    ]
