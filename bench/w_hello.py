"""Baseline workloads: the bare hello-world view, the public home page, readiness, and the foundation's own
pages (registration form with every Klaten village, a signed-in resident's start page)."""

from __future__ import annotations

from harness import Harness, Result


def run(h: Harness) -> list[Result]:
    results = [
        h.hello(),
        h.wrk("readyz", "/readyz", note="SELECT 1 through the ORM connection"),
        h.wrk("home page", "/", note="public home: services, requirements, offices (DB queries + template)"),
        h.wrk("registration form", "/akun/daftar/",
              note="26 kecamatan + 401 desa/kelurahan in <optgroup>s"),
        h.wrk("village select (htmx)", "/wilayah/desa/?district=33.10.25", note="one kecamatan's villages"),
    ]
    cookie = h.session_cookie("budi@contoh.id", otp=False)
    results.append(h.wrk("resident start page", "/akun/beranda/", headers={"Cookie": cookie},
                         note="signed in: session + user + applications list"))
    return results
