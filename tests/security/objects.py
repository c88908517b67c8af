"""Objects the URLs of the access table need, built fresh for a test: each builder gets the
:class:`Context` (with the owner and the staff cast) and returns the URL's keyword arguments.

A URL whose arguments have no builder is tried with dummy values (everyone gets 404): the
table marks those rules ``dummy=True`` and the report lists them as weakly checked.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.security.principals import OWNER, Cast


@dataclass
class Context:
    cast: Cast
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def owner(self) -> Any:
        return self.cast.users[OWNER]

    def once(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


def service_type(ctx: Context) -> Any:
    from apps.applications.models import ServiceType

    def build() -> Any:
        found = ServiceType.objects.filter(is_active=True, required_documents__isnull=False).first()
        if found is None:
            found = ServiceType.objects.create(code="ktp-uji-akses", name="KTP-el uji akses")
        return found

    return ctx.once("service", build)


def location(ctx: Context) -> Any:
    from apps.locations.models import Location

    def build() -> Any:
        return Location.objects.get_or_create(
            slug="kantor-uji-akses",
            defaults={"name": "Kantor uji akses", "kind": Location.Kind.MAIN_OFFICE, "address": "Jl. Pemuda 1",
                      "district_id": "33.10.25", "opening_hours": {str(d): ["07:00", "15:00"] for d in range(7)}},
        )[0]

    return ctx.once("location", build)


def _application(ctx: Context, status: str) -> Any:
    from apps.applications.services import create_application
    from apps.applications.workflow import Status

    application = create_application(
        service_type=service_type(ctx), channel="online", nik=ctx.owner.resident.nik, applicant=ctx.owner,
        location=location(ctx),
    )
    if status != Status.DRAFT:
        # Moved by UPDATE, like the files further along (application_in): the owner holds several open files
        # here, which transition() refuses (one open KTP-el application per NIK); each page needs its own.
        from django.utils import timezone

        from apps.applications.models import Application, StatusChange

        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            status=Status.SUBMITTED, submitted_at=now, status_changed_at=now
        )
        StatusChange.objects.create(application=application, from_status=Status.DRAFT, to_status=Status.SUBMITTED)
        application.refresh_from_db()
    return application


def birth_draft_application(ctx: Context) -> dict[str, Any]:
    """The owner's draft of a birth registration (akta kelahiran), for its event step."""
    from apps.applications.models import ServiceType
    from apps.applications.services import start_draft

    def build() -> Any:
        return start_draft(ServiceType.objects.get(code="akta-kelahiran"), ctx.owner)

    return {"number": ctx.once("birth_draft", build).number}


def draft_application(ctx: Context) -> dict[str, Any]:
    return {"number": ctx.once("draft", lambda: _application(ctx, "draft")).number}


def submitted_application(ctx: Context) -> dict[str, Any]:
    return {"number": ctx.once("submitted", lambda: _application(ctx, "submitted")).number}


def service_code(ctx: Context) -> dict[str, Any]:
    return {"code": service_type(ctx).code}


def requirement(ctx: Context) -> dict[str, Any]:
    """A required document of the service, made for this context (a POST may remove it)."""
    from apps.applications.models import RequiredDocument

    service = service_type(ctx)
    made = ctx.once("requirement", lambda: RequiredDocument.objects.create(
        service_type=service, kind=f"uji-akses-{RequiredDocument.objects.count() + 1}", name="Dokumen uji akses",
        accepted_formats=["image", "pdf"], mandatory=False, order=99,
    ))
    return {"code": service.code, "pk": made.pk}


def guide_slug(ctx: Context) -> dict[str, Any]:
    return {"slug": "foto-kk"}


def upload_kind(ctx: Context) -> dict[str, Any]:
    application = ctx.once("draft", lambda: _application(ctx, "draft"))
    requirement = application.service_type.required_documents.first()
    return {"number": application.number, "kind": requirement.kind if requirement else "ktp"}


def tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 180, 150)).save(buffer, format="PNG")
    return buffer.getvalue()


def document(ctx: Context) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.documents.services import store_upload

    def build() -> Any:
        application = ctx.once("draft", lambda: _application(ctx, "draft"))
        requirement = application.service_type.required_documents.first()
        upload = SimpleUploadedFile("ktp.png", tiny_png(), content_type="image/png")
        return store_upload(application=application, requirement=requirement, upload=upload, user=ctx.owner)

    version = ctx.once("document", build)
    return {"public_id": version.document.public_id}


def booking(ctx: Context) -> dict[str, Any]:
    from apps.appointments import services
    from apps.core.calendar import add_working_days

    def build() -> Any:
        from apps.appointments.models import Booking

        active = Booking.objects.filter(user=ctx.owner, status="booked").first()
        if active is not None:  # one active booking per NIK and service
            return active
        day = add_working_days(dt.date.today(), 2)
        slots = services.ensure_slots(location(ctx), service_type(ctx), day)
        return services.book(ctx.owner, slots[0].pk)

    return {"code": ctx.once("booking", build).code}


def _complaint(ctx: Context, with_attachment: bool = False, unit: str = "") -> Any:
    from apps.complaints.services import file_complaint

    complaint = file_complaint(kind="complaint", category="other", subject="Antrean terlalu lama",
                               description="Saya menunggu tiga jam.", filer=ctx.owner, unit=unit)
    if with_attachment:
        from django.core.files.base import ContentFile

        from apps.complaints.models import Attachment

        attachment = Attachment(complaint=complaint)
        attachment.file.save("bukti.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        for name, value in (("original_name", "bukti.pdf"), ("content_type", "application/pdf"), ("size", 15)):
            if hasattr(attachment, name):
                setattr(attachment, name, value)
        attachment.save()
        complaint._test_attachment = attachment  # type: ignore[attr-defined]  # carried for the builder below
    return complaint


def complaint(ctx: Context) -> dict[str, Any]:
    return {"code": ctx.once("complaint", lambda: _complaint(ctx)).code}


def complaint_attachment(ctx: Context) -> dict[str, Any]:
    found = ctx.once("complaint_att", lambda: _complaint(ctx, with_attachment=True))
    return {"code": found.code, "pk": found._test_attachment.pk}


def complaint_about(unit: str) -> Callable[[Context], dict[str, Any]]:
    """A complaint about one counter or desk (``unit``: the role that works there)."""

    def build(ctx: Context) -> dict[str, Any]:
        return {"code": ctx.once(f"complaint_{unit}", lambda: _complaint(ctx, unit=unit)).code}

    return build


def complaint_attachment_about(unit: str) -> Callable[[Context], dict[str, Any]]:
    def build(ctx: Context) -> dict[str, Any]:
        found = ctx.once(f"complaint_att_{unit}", lambda: _complaint(ctx, with_attachment=True, unit=unit))
        return {"code": found.code, "pk": found._test_attachment.pk}

    return build


def action_item(ctx: Context) -> dict[str, Any]:
    from apps.complaints.services import create_action_item

    def build() -> Any:
        return create_action_item(title="Tambah kursi ruang tunggu", assignee=ctx.cast.users["customer_service"],
                                  due_date=dt.date.today() + dt.timedelta(days=7),
                                  created_by=ctx.cast.users["section_head"],
                                  meeting_month=dt.date.today().replace(day=1))

    return {"pk": ctx.once("action", build).pk}


def notice(ctx: Context) -> dict[str, Any]:
    from apps.announcements.tests.factories import make_notice

    return {"pk": ctx.once("notice", lambda: make_notice()).pk}


def location_slug(ctx: Context) -> dict[str, Any]:
    return {"slug": location(ctx).slug}


def staff_user(ctx: Context) -> dict[str, Any]:
    """A staff member of their own (resetting a principal's device would lock it out of later probes)."""
    from tests.factories import make_staff

    return {"user_id": ctx.once("victim", lambda: make_staff("operator")).pk}


def inactive_staff_user(ctx: Context) -> dict[str, Any]:
    """A deactivated staff member (for the reactivation URL)."""
    from tests.factories import make_staff

    return {"user_id": ctx.once("inactive_victim", lambda: make_staff("operator", is_active=False)).pk}


def staff_deactivated(ctx: Context) -> bool:
    from apps.accounts.models import User

    return not User.objects.get(pk=staff_user(ctx)["user_id"]).is_active


def staff_reactivated(ctx: Context) -> bool:
    from apps.accounts.models import User

    return User.objects.get(pk=inactive_staff_user(ctx)["user_id"]).is_active


def webhook(ctx: Context) -> dict[str, Any]:
    from apps.announcements.models import WebhookEndpoint

    def build() -> Any:
        return WebhookEndpoint.objects.create(name="Uji akses", url="https://hook.contoh.id/sipon",
                                              secret="rahasia-uji-akses-0123")

    return {"pk": ctx.once("webhook", build).pk}


def webhook_disabled(ctx: Context) -> bool:
    from apps.announcements.models import WebhookEndpoint

    return not WebhookEndpoint.objects.get(pk=webhook(ctx)["pk"]).is_active


def disabled_webhook(ctx: Context) -> dict[str, Any]:
    from apps.announcements.models import WebhookEndpoint

    def build() -> Any:
        return WebhookEndpoint.objects.create(name="Uji akses mati", url="https://hook.contoh.id/mati",
                                              secret="rahasia-uji-akses-0123", is_active=False)

    return {"pk": ctx.once("disabled_webhook", build).pk}


def webhook_enabled(ctx: Context) -> bool:
    from apps.announcements.models import WebhookEndpoint

    return WebhookEndpoint.objects.get(pk=disabled_webhook(ctx)["pk"]).is_active


def csv_format(ctx: Context) -> dict[str, Any]:
    return {"fmt": "csv"}


def dummy(converters: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    values = {"IntConverter": 999999, "UUIDConverter": "00000000-0000-0000-0000-000000000000"}
    return {arg: values.get(conv, "tidak-ada") for arg, conv in converters}


def draft_payload(ctx: Context) -> dict[str, Any]:
    return {"service": service_type(ctx).code}


def identity_payload(ctx: Context) -> dict[str, Any]:
    profile = ctx.owner.resident
    return {"full_name": profile.full_name, "kk_number": profile.kk_number, "birth_place": profile.birth_place,
            "birth_date": profile.birth_date.isoformat(), "sex": profile.sex, "address": profile.address}


def decision_payload(ctx: Context) -> dict[str, Any]:
    return {"outcome": "verified"}


def correction(ctx: Context) -> dict[str, Any]:
    from apps.privacy.models import CorrectionRequest

    def build() -> Any:
        return CorrectionRequest.objects.create(resident=ctx.owner, nik=ctx.owner.resident.nik, item="address",
                                                correct_value="Jl. Merapi 2")

    return {"pk": ctx.once("correction", build).pk}


def breach(ctx: Context) -> dict[str, Any]:
    from django.utils import timezone

    from apps.privacy.models import Breach

    def build() -> Any:
        return Breach.objects.create(title="Uji", description="Uji", discovered_at=timezone.now(), data_kinds="NIK")

    return {"pk": ctx.once("breach", build).pk}


def ticket(ctx: Context) -> dict[str, Any]:
    from django.utils import timezone

    from apps.queueing.models import Ticket

    def build() -> Any:
        return Ticket.objects.get_or_create(
            token="tiket-uji-akses-0001",
            defaults={"location": location(ctx), "date": timezone.localdate(), "service": service_type(ctx),
                      "queue_code": "C", "number": 1, "rank": 2, "queued_at": timezone.now()},
        )[0]

    return {"token": ctx.once("ticket", build).token}


def counter(ctx: Context) -> dict[str, Any]:
    from apps.locations.models import Counter

    def build() -> Any:
        return Counter.objects.get_or_create(location=location(ctx), number=9,
                                             defaults={"stages": ["document_check"], "is_open": True})[0]

    return {"counter_id": ctx.once("counter", build).pk}


def counter_ticket(ctx: Context) -> dict[str, Any]:
    """A document-check counter and a ticket (the file desk checks under the ticket's lock that it is called there)."""
    from apps.queueing.models import Ticket

    ticket(ctx)
    return {**counter(ctx), "ticket_id": Ticket.objects.get(token="tiket-uji-akses-0001").pk}


def counter_action(ctx: Context) -> dict[str, Any]:
    return {**counter(ctx), "action": "next"}


def survey_invitation(ctx: Context) -> dict[str, Any]:
    from django.utils import timezone

    from apps.surveys.models import SurveyInvitation

    def build() -> Any:
        return SurveyInvitation.objects.get_or_create(
            token="undangan-uji-akses", defaults={"issued_on": timezone.localdate(), "location": location(ctx)}
        )[0]

    return {"token": ctx.once("invitation", build).token}


def data_change_draft(ctx: Context) -> dict[str, Any]:
    """A draft of a service that changes data elements (F-1.06): only those have the changes step."""
    from apps.applications.models import ServiceType
    from apps.applications.services import create_application

    def build() -> Any:
        service = ServiceType.objects.filter(changes_data=True, is_active=True).first()
        if service is None:
            service = ServiceType.objects.create(code="ktp-ubah-uji-akses", name="KTP-el perubahan data uji",
                                                 changes_data=True)
        return create_application(service_type=service, channel="online", nik=ctx.owner.resident.nik,
                                  applicant=ctx.owner, location=location(ctx))

    return {"number": ctx.once("change_draft", build).number}


def life_event_draft(ctx: Context) -> dict[str, Any]:
    """A draft of a life-event service (the birth deed): only those have the event step."""
    from apps.applications.models import ServiceType
    from apps.applications.services import create_application

    def build() -> Any:
        service = ServiceType.objects.get(code="akta-kelahiran")
        return create_application(service_type=service, channel="online", nik=ctx.owner.resident.nik,
                                  applicant=ctx.owner, location=location(ctx))

    return {"number": ctx.once("life_event_draft", build).number}


# --- outreach -------------------------------------------------------------------------------------------
def outreach_visit(ctx: Context) -> dict[str, Any]:
    """A planned visit (cancelling it is allowed once: POST rows get a visit of their own)."""
    from apps.outreach.models import OutreachVisit

    def build() -> Any:
        return OutreachVisit.objects.create(kind="sosialisasi", date=dt.date.today() + dt.timedelta(days=14),
                                            district_id="33.10.25", village_id="33.10.25.1001", place="Balai Desa")

    return {"pk": ctx.once("visit", build).pk}


# --- principals for rows whose intended users are not in the standard cast -------------------------------
def staff_without_device(cast: Cast, principal: str) -> Any:
    """Each staff role as a newly created member who has not set up an authenticator yet (the only people
    the enrolment page is for); everyone else as usual."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from apps.accounts.models import User
    from tests.security.principals import ROLES

    if principal not in ROLES:
        return cast.client(principal)
    user = User.objects.create_user(username=f"baru-{principal}-{User.objects.count()}", password="Rahasia-123")
    user.groups.add(Group.objects.get_or_create(name=principal)[0])
    client = Client()
    client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    return client


# --- did a POST take effect (rules' ``done``) ---------------------------------------------------------
def status_is(status: str) -> Callable[[Context], bool]:
    """The application the row's builder made (the only one in this Context) is now in ``status``."""

    def check(ctx: Context) -> bool:
        built = [v for k, v in ctx.cache.items() if k.startswith("application_")]
        assert len(built) == 1, built
        built[0].refresh_from_db()
        return bool(built[0].status == status)

    return check




def visit_cancelled(ctx: Context) -> bool:
    from apps.outreach.models import OutreachVisit

    return OutreachVisit.objects.filter(pk=outreach_visit(ctx)["pk"], status="cancelled").exists()


def slot_payload(ctx: Context) -> dict[str, Any]:
    """A bookable slot with places left: a resident's booking through the API succeeds (201)."""
    from apps.appointments import services
    from apps.core.calendar import add_working_days

    def build() -> Any:
        day = add_working_days(dt.date.today(), 2)
        return services.ensure_slots(location(ctx), service_type(ctx), day)[0]

    return {"slot": ctx.once("slot", build).pk}
