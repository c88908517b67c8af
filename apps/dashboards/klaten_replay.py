"""The Klaten generator's applications, filed and moved the real way: each one goes through the same services a
resident, the file desk, the operator, central's answer and the pickup desk use, with the clock
(:mod:`apps.core.clock`) set to the moment the generator chose for each step. No status row, submission date
or history is written here: the services write them, with their audit events, estimates and notifications.

Walk-in files are opened, checked and (mostly) verified at the counter (``apps.applications.counter``); online
files are drafted, answered, given their documents and submitted by the resident, then claimed and decided at
the verification desk. Then, as far as the moment of the run allows: biometric recording, central's answer,
printing on a blank of the location's stock, "ready for pickup", hand-over.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import User
from apps.applications import counter
from apps.applications import services as flow
from apps.applications.workflow import Status
from apps.central.models import CentralState
from apps.central.services import apply_central_state
from apps.core import clock
from apps.issuance import services as issuance

STAFF = {"file_receiver": "gen-staff-berkas", "operator": "gen-staff-operator",
         "pickup_officer": "gen-staff-ambil"}
SERIAL_BASE = 3310200000000001
BLANKS_PER_LOCATION = 10_000_000


def _jpeg() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (320, 240), (230, 225, 210))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 770, "SURAT TANDA PENERIMAAN LAPORAN KEHILANGAN")
    page.save()
    return out.getvalue()


class Replay:
    """Files applications through the services. One instance per generator run."""

    def __init__(self, *, rng: random.Random, locations: list[Any], start: dt.datetime, now: dt.datetime) -> None:
        self.rng = rng
        self.now = now
        self.locations = {loc.pk: loc for loc in locations}
        self.staff: dict[str, Any] = {}
        for role, username in STAFF.items():
            user, _created = User.objects.get_or_create(username=username, defaults={"first_name": "PETUGAS"})
            user.groups.add(Group.objects.get_or_create(name=role)[0])
            self.staff[role] = user
        self.serials: dict[int, int] = {}
        with clock.set_to(start):
            for index, location in enumerate(locations):
                first = SERIAL_BASE + index * BLANKS_PER_LOCATION
                issuance.receive_batch(location, quantity=BLANKS_PER_LOCATION, serial_start=first,
                                       external_ref=f"generator:{location.pk}")
                self.serials[location.pk] = first
        self.image, self.pdf = _jpeg(), _pdf()

    def _upload(self, kind: str, formats: list[str]) -> SimpleUploadedFile:
        if "image" in (formats or ["image"]):
            return SimpleUploadedFile(f"{kind}.jpg", self.image, content_type="image/jpeg")
        return SimpleUploadedFile(f"{kind}.pdf", self.pdf, content_type="application/pdf")

    def file(self, *, service: Any, online: bool, user: Any, profile: dict[str, Any], location_id: int,
             submitted: dt.datetime) -> Any:
        """One application from its draft to as far as ``self.now`` allows. Returns it."""
        location = self.locations[location_id]
        receiver = self.staff["file_receiver"]
        identity = {k: profile[k] for k in ("full_name", "kk_number", "birth_place", "birth_date", "sex",
                                            "address", "rt", "rw", "district_id", "village_id")}
        rng = self.rng
        # No transaction around the whole life: each service commits its step, and what the core publishes
        # after commit (routing a verified file on, notifications) happens at that step's moment.
        if online:
            with clock.set_to(submitted - dt.timedelta(minutes=rng.randrange(3, 40))):
                application = flow.create_application(service_type=service, channel="online",
                                                      nik=profile["nik"], applicant=user, location=location)
                flow.save_form(application, {k: v for k, v in identity.items() if k in flow.IDENTITY_FIELDS})
                for requirement in service.required_documents.all():
                    flow.upload_document(application, requirement,
                                         self._upload(requirement.kind, requirement.accepted_formats), user=user)
                if service.changes_data:
                    flow.save_changes(application, [{"element": "occupation", "label": "Pekerjaan",
                                                     "new": "Wiraswasta"}])
            with clock.set_to(submitted):
                flow.submit(application, user=user)
            return self._desk(application, submitted, user)
        with clock.set_to(submitted - dt.timedelta(minutes=1)):
            application = counter.open_file(service_type=service, nik=profile["nik"], identity=identity,
                                            contact={}, actor=receiver, location=location)
            if service.changes_data:
                flow.save_changes(application, [{"element": "occupation", "label": "Pekerjaan",
                                                 "new": "Wiraswasta"}])
        documents = [r.kind for r in service.required_documents.all()]
        verify_now = rng.random() < 0.9
        with clock.set_to(submitted):
            counter.submit_at_counter(application, actor=receiver, originals=documents, verify=verify_now)
        if not verify_now:
            return self._desk(application, submitted, None)
        return self._onwards(application, submitted)

    def _desk(self, application: Any, at: dt.datetime, resident: Any) -> Any:
        """The verification desk: claim, then approve, return (the resident corrects and resubmits) or reject."""
        rng = self.rng
        receiver = self.staff["file_receiver"]
        at += dt.timedelta(days=rng.uniform(0.05, 2.5))
        if at > self.now:
            return application
        with clock.set_to(at):
            flow.claim(application, user=receiver)
        fate = rng.random()
        at += dt.timedelta(days=rng.uniform(0.01, 0.2))
        if at > self.now:
            return application
        if fate < 0.04:
            with clock.set_to(at):
                flow.decide(application, user=receiver, outcome="reject", reason_code="not_eligible")
            return application
        if fate < 0.12 and resident is not None:
            with clock.set_to(at):
                flow.decide(application, user=receiver, outcome="return",
                            items={flow.DATA_ITEM: "Nama tidak sama dengan KK."})
            at += dt.timedelta(days=rng.uniform(0.2, 3))
            if at > self.now:
                return application
            if fate < 0.06:
                with clock.set_to(at):
                    flow.transition(application, "cancelled", actor=resident, note="Dibatalkan oleh pemohon.")
                return application
            with clock.set_to(at):
                flow.submit(application, user=resident)
            return self._desk(application, at, None)  # the corrected file is approved
        with clock.set_to(at):
            flow.decide(application, user=receiver, outcome="approve", checklist={"data": True})
        return self._onwards(application, at)

    def _onwards(self, application: Any, at: dt.datetime) -> Any:
        """After verification: recording (first cards), central, printing, pickup desk, hand-over."""
        rng = self.rng
        operator = self.staff["operator"]
        location = self.locations[application.location_id]
        application.refresh_from_db()
        if application.status == Status.AWAITING_BIOMETRICS:
            at += dt.timedelta(days=rng.uniform(0.001, 0.05) if application.channel == "walk_in"
                               else rng.uniform(0.5, 10))
            if at > self.now:
                return application
            with clock.set_to(at):
                issuance.record_biometrics(application, operator=operator, device_id="KLT-REK-GEN", photo=True,
                                           fingerprints=True, iris=True, signature=True, location=location)
        steps = [
            (rng.expovariate(1 / 2.5), "central"),
            (rng.expovariate(1 / 1.5) if rng.random() < 0.9 else rng.uniform(5, 30), "print"),
            (rng.uniform(0.01, 0.3), "ready"),
            (rng.expovariate(1 / 6), "collect"),
        ]
        for gap, step in steps:
            at += dt.timedelta(days=gap)
            if at > self.now:
                break
            with clock.set_to(at):
                if step == "central":
                    apply_central_state(application_id=application.pk, record_id=f"GEN-{application.pk}",
                                        state=CentralState.PRINT_READY_RECORD, source="generator")
                elif step == "print":
                    serial = self.serials[location.pk]
                    self.serials[location.pk] += 1
                    issuance.print_card(application, serial=str(serial), operator=operator, location=location)
                elif step == "ready":
                    issuance.mark_ready_for_pickup(application, actor=operator, location=location)
                else:
                    issuance.hand_over(application, actor=self.staff["pickup_officer"], recipient_kind="self",
                                       recipient_name=application.full_name, recipient_nik=application.nik,
                                       id_checked=True, id_document="KTP-el lama")
            application.refresh_from_db()
        return application
