"""Walk-in versus online: the server CPU one file costs, side by side, in one process.

* online: a resident's one-request submission, ``POST /api/v1/permohonan/kirim`` (identity, a KK photo and a
  police-report PDF; draft, answers, both documents checked and stored, submitted);
* counter: the file desk at the counter for a called ticket, ``GET`` the desk page (opening the file) and
  ``POST`` it with the same identity and the same two scans, submitted into the same workflow; once without
  and once with the desk's verification in the same step (which then also routes the file to central).

Each request is built (multipart body encoded) by Django's request factory outside the timed part, then
served through the whole middleware stack, view, forms, services and SQL on a fresh SQLite test database; the
ticket, the resident and the sign-in are made outside the timed part too. The figure is ``time.process_time()``
per file (this process's CPU, i.e. the server's work), the median of ``--rounds`` rounds of ``--files`` files
each, channels interleaved so a noisy neighbour hits both alike.

    SIPON_TESTING=1 .venv/bin/python bench/walk_in_cpu.py            # about 30 s on the 2-core machine
    SIPON_TESTING=1 .venv/bin/python bench/walk_in_cpu.py --files 30 --rounds 5
    WALKIN_PROFILE=counter_post,online_api ... # cProfile of 20 files of each named operation instead
    WALKIN_QUERIES=1 ...                       # the SQL of one file of each operation instead
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sipon.settings")
os.environ.setdefault("SIPON_TESTING", "1")
os.environ.setdefault("SIPON_LOCAL", "1")


def _jpeg(seed: int) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (1200, 900), (200, 180, 150))
    for x in range(seed % 7, 1200, 37):
        for y in range(0, 900, 3):
            image.putpixel((x, y), (20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 770, "SURAT TANDA PENERIMAAN LAPORAN KEHILANGAN")
    page.save()
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20, help="files per channel per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="sipon-bench-media-")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": settings.MEDIA_ROOT}}}
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("createcachetable", verbosity=0)

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.demo import ensure_groups
    from apps.accounts.models import Sex
    from apps.applications import catalogue
    from apps.applications.models import Application, ServiceType
    from apps.appointments.tests.factories import make_counter, make_location
    from apps.queueing import services as queue
    from apps.regions.services import load_regions
    from tests.factories import make_resident, make_staff, nik_for, sign_in_staff

    load_regions(("33.10",))
    ensure_groups()
    catalogue.ensure()
    service = ServiceType.objects.get(code="ktp-hilang")
    counter = make_counter(make_location(), 1)
    officer = make_staff("file_receiver")
    staff = Client()
    sign_in_staff(staff, officer)
    kk, police = _jpeg(1), _pdf()
    birth = dt.date(1988, 6, 20)
    identity = {"full_name": "RAHMAT HIDAYAT", "kk_number": "3310252006880001", "birth_place": "Klaten",
                "birth_date": birth.isoformat(), "sex": Sex.MALE, "address": "Dukuh Tegalrejo", "rt": "003",
                "rw": "004", "contact_phone": "081234567890"}

    def files() -> dict[str, Any]:
        return {"kk": SimpleUploadedFile("kk.jpg", kk, "image/jpeg"),
                "surat-kehilangan": SimpleUploadedFile("polisi.pdf", police, "application/pdf")}

    from django.core.handlers.base import BaseHandler
    from django.test.client import RequestFactory

    handler = BaseHandler()
    handler.load_middleware()
    factory = RequestFactory()

    def serve(client: Client, method: str, path: str, data: dict[str, Any] | None = None) -> tuple[Any, float]:
        """One request through the whole middleware stack and view, timed from the built request to the
        response: the client's encoding of the multipart body is not the server's work."""
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
        request = getattr(factory, method)(path, data or {}, HTTP_COOKIE=cookie)
        request._dont_enforce_csrf_checks = True
        started = time.process_time()
        response = handler.get_response(request)
        spent = time.process_time() - started
        client.cookies.update(response.cookies)
        return response, spent

    def resident_client() -> Client:
        client = Client()
        client.force_login(make_resident(birth=birth), backend="apps.accounts.backends.IdentifierBackend")
        return client

    def online_api() -> float:
        client = resident_client()
        body = {"service": service.code, **identity, **files()}
        response, spent = serve(client, "post", "/api/v1/permohonan/kirim", body)
        assert response.status_code == 201, response.content
        return spent

    def online_pages() -> float:
        """The resident's pages, each shown and posted: start, F-1.02, the two documents, review and submit."""
        client = resident_client()
        response, spent = serve(client, "post", reverse("applications:begin", args=[service.code]))
        number = response["Location"].rstrip("/").split("/")[-2]
        steps: list[tuple[str, str, dict[str, Any] | None, int]] = [
            ("get", reverse("applications:identity", args=[number]), None, 200),
            ("post", reverse("applications:identity", args=[number]), identity, 302),
            ("get", reverse("applications:documents", args=[number]), None, 200),
            *[("post", reverse("applications:upload", args=[number, kind]), {f"{kind}-file": upload}, 302)
              for kind, upload in files().items()],
            ("get", reverse("applications:review", args=[number]), None, 200),
            ("post", reverse("applications:review", args=[number]), None, 302),
        ]
        for method, path, data, expected in steps:
            response, cpu = serve(client, method, path, data)
            assert response.status_code == expected, (path, response.status_code)
            spent += cpu
        return spent

    serials = iter(range(1, 10_000))

    def counter_one(*, verify: bool, show: bool) -> float:
        ticket = queue.issue_ticket(counter.location, service)
        called = queue.call_next(counter)
        assert called is not None and called.pk == ticket.pk
        url = reverse("queueing_staff:file_desk", args=[counter.pk, ticket.pk])
        body = {**identity, "nik": nik_for(birth, Sex.MALE, 5000 + next(serials)), "district": "33.10.25",
                "village": "33.10.25.1001", "scan_kk": files()["kk"],
                "scan_surat-kehilangan": files()["surat-kehilangan"]}
        if verify:
            body["verify_now"] = "on"
        spent = 0.0
        if show:
            page, spent = serve(staff, "get", url)
            assert page.status_code == 200
        response, cpu = serve(staff, "post", url, body)
        spent += cpu
        assert response.status_code == 302, response.content.decode()[:2000]
        return spent

    operations = {
        "online_api": ("online: submit at once (API, 1 request)", online_api),
        "counter_post": ("counter: submit the desk form (1 POST)", lambda: counter_one(verify=False, show=False)),
        "online_pages": ("online: the resident's pages (4 GET, 5 POST)", online_pages),
        "counter_page": ("counter: open the desk + submit (GET, POST)", lambda: counter_one(verify=False, show=True)),
        "counter_verified": ("counter: open + submit + verify", lambda: counter_one(verify=True, show=True)),
    }

    if os.environ.get("WALKIN_PROFILE"):
        import cProfile
        import pstats

        for key in os.environ["WALKIN_PROFILE"].split(","):
            run = operations[key][1]
            run()
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(20):
                run()
            profile.disable()
            stats = pstats.Stats(profile).sort_stats("cumulative")
            stats.print_stats(r"apps/|forms/forms|multipartparser|template/base", 45)
        return
    if os.environ.get("WALKIN_QUERIES"):
        from django.db import connection as conn
        from django.test.utils import CaptureQueriesContext

        for key, (_label, run) in operations.items():
            run()
            with CaptureQueriesContext(conn) as captured:
                run()
            print(key, len(captured.captured_queries))
            for q in captured.captured_queries:
                print("   ", q["sql"][:150])
        return
    # One warm-up of each (imports, first queries, template compilation) outside the figures.
    for _label, run in operations.values():
        run()
    rounds: dict[str, list[float]] = {key: [] for key in operations}
    for _round in range(args.rounds):
        spent = dict.fromkeys(operations, 0.0)
        for _ in range(args.files):
            for key, (_label, run) in operations.items():
                spent[key] += run()
        for key in rounds:
            rounds[key].append(spent[key] / args.files * 1000)
    assert Application.objects.filter(channel="walk_in").exclude(status="draft").count() == 3 * (
        args.files * args.rounds + 1)
    print(f"CPU ms per file, median of {args.rounds} rounds x {args.files} files (min-max of the rounds)")
    baseline = {"counter_post": "online_api", "counter_page": "online_pages", "counter_verified": "online_pages"}
    for key, (label, _run) in operations.items():
        values = rounds[key]
        median = statistics.median(values)
        versus = ""
        if key in baseline:
            versus = f"   x{median / statistics.median(rounds[baseline[key]]):.2f} of {baseline[key]}"
        print(f"  {label:<46} {median:7.1f}   ({min(values):.1f}-{max(values):.1f}){versus}")


if __name__ == "__main__":
    main()
