"""Signing and storing a digital document (a file's move to VERIFIED, the digitaldocs stage's routing to central
(SENT_TO_CENTRAL and the outbox message), central's answer applied and the stage's issue(): render the A4 PDF, sign
it with pyHanko, write the file, the row, the status change and the superseding; central itself is not called)
beside bare pyHanko signing of the same rendered PDF with the same key, in one process, alternating rounds so
both see the same machine load.

    .venv/bin/python bench/signing_inprocess.py --seconds 10

Runs against a throw-away SQLite database under a temporary SIPON_VAR_DIR (migrated first, about 20 s). Prints a
markdown row for docs/performance.md. The target: issue's rate at least 0.5 of bare signing's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = tempfile.mkdtemp(prefix="sipon-bench-signing-")
os.environ.update({"SIPON_VAR_DIR": VAR, "DATABASE_URL": f"sqlite:///{VAR}/bench.sqlite3",
                   "DJANGO_SETTINGS_MODULE": "sipon.settings", "SIPON_TESTING": "0", "SIPON_LOCAL": "1",
                   "CENTRAL_SEND_ON_COMMIT": "0"})

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per side")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from apps.applications.models import ServiceType
    from apps.applications.services import create_application, transition
    from apps.applications.workflow import Status
    from apps.central.civil import apply_civil_answer
    from apps.digitaldocs import render, routing, services, signing
    from apps.digitaldocs.models import SignedDocument

    kk = ServiceType.objects.get(code="kk-perubahan")
    signing.ensure_local_certificate()

    def in_verification() -> object:
        application = create_application(service_type=kk, channel="online", nik="3310251201900001",
                                          kk_number="3310250000000001", full_name="BUDI SANTOSO")
        for status in (Status.SUBMITTED, Status.IN_VERIFICATION):
            transition(application, status)
        return application

    registered = [0]

    def verify_and_register(application: object) -> None:
        # Outside a transaction events are delivered at once: the digitaldocs stage sends the file to central
        # (SENT_TO_CENTRAL, outbox message); central's answer applied queues the signing, run here in process.
        transition(application, Status.VERIFIED)  # type: ignore[arg-type]
        registered[0] += 1
        number = f"3310-KK-BENCH-{registered[0]:06d}"
        apply_civil_answer(application_id=application.pk, registration_number=number,  # type: ignore[attr-defined]
                           state="CIVIL_REGISTERED", answer={"registration_number": number, "kind": "kk"})
        routing.issue_registered(application.pk)  # type: ignore[attr-defined]  # what the queued task does

    def verified() -> object:
        application = in_verification()
        verify_and_register(application)
        return application

    sample = render.render(services.content_for(in_verification(), "kk", "3310-KK-BENCH"))  # type: ignore[arg-type]
    profile = render.srgb_profile()
    verified()  # warm-up: fonts, key, templates
    if not SignedDocument.objects.exists():
        raise SystemExit("the verified file was not issued a document: is the digitaldocs subscription loaded?")
    signing.sign(sample, reason="warm-up", icc_profile=profile)

    counts = {"issue": 0, "bare": 0}
    spent = {"issue": 0.0, "bare": 0.0}
    per_round = args.seconds / args.rounds
    for _ in range(args.rounds):
        # The file to issue is prepared outside the timed part (it is the verification desk's work).
        start = time.perf_counter()
        while time.perf_counter() - start < per_round:
            application = in_verification()
            t0 = time.perf_counter()
            verify_and_register(application)  # + routing, central's answer applied, the stage's issue()
            spent["issue"] += time.perf_counter() - t0
            counts["issue"] += 1
        start = time.perf_counter()
        while time.perf_counter() - start < per_round:
            t0 = time.perf_counter()
            signing.sign(sample, reason="bench")
            spent["bare"] += time.perf_counter() - t0
            counts["bare"] += 1
    assert SignedDocument.objects.count() == counts["issue"] + 1, "every timed verification issued one document"
    issue_rate = counts["issue"] / spent["issue"]
    bare_rate = counts["bare"] / spent["bare"]
    print("| workload | documents | docs/s | ms/doc |")
    print("|---|---|---|---|")
    rows = (("bare pyHanko signing (same PDF, same key)", counts["bare"], bare_rate),
            ("Sipon: verification -> central's answer -> issue (render + sign + store)", counts["issue"], issue_rate))
    for name, count, rate in rows:
        print(f"| {name} | {count} | {rate:.1f} | {1000 / rate:.1f} |")
    print(f"\nratio (Sipon / bare): {issue_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
