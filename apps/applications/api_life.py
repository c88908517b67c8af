"""JSON API of a birth's or a death's fields (akta kelahiran, akta kematian): the same form and checks as the
page's event step (``forms_life.event_form`` and ``services.save_event``), with the same messages. Mounted inside
the applications' resident router (``/api/v1/permohonan/{number}/peristiwa``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as HttpStatus
from ninja.security import django_auth

from apps.applications import services
from apps.applications.access import own_application
from apps.applications.forms_life import NOT_LISTED, event_form
from apps.applications.services import life_events
from apps.core.api_fields import Code, Id, Name, Nik, Place

life_router = Router(tags=["permohonan"], auth=django_auth)


class EventIn(Schema):
    """A birth: ``child_*`` and the mother (``mother_member_id`` from the KK, or ``mother_name``/``mother_nik``),
    optionally the father. A death: ``deceased_member_id`` from the KK (or ``deceased_nik`` and
    ``deceased_name``), ``death_date`` and ``death_place``."""

    child_name: Name | None = None
    child_birth_date: dt.date | None = None
    child_birth_place: Place | None = None
    child_sex: Code | None = None
    mother_member_id: Id | None = None
    mother_name: Name | None = None
    mother_nik: Nik | None = None
    father_member_id: Id | None = None
    father_name: Name | None = None
    father_nik: Nik | None = None
    deceased_member_id: Id | None = None
    deceased_nik: Nik | None = None
    deceased_name: Name | None = None
    death_date: dt.date | None = None
    death_place: Place | None = None


class EventOut(Schema):
    number: str
    event: list[tuple[str, str]]  # what the desk will read: label, value


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


class Error(Schema):
    detail: str
    code: str = ""
    fields: dict[str, list[str]] = {}


def _form_data(payload: EventIn) -> dict[str, str]:
    data: dict[str, str] = {}
    for name, value in payload.dict().items():
        if name.endswith("_member_id"):
            data[name] = str(value) if value else NOT_LISTED
        elif value is not None:
            data[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return data


@life_router.put(
    "/{number}/peristiwa",
    response={200: EventOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut},
    summary="Isi data kelahiran atau kematian",
)
def put_event(request: HttpRequest, number: Code, payload: EventIn) -> Any:
    application = own_application(request.user, number)
    kind = life_events.event_kind(application.service_type)
    if not kind:
        return HttpStatus(404, {"detail": "Layanan ini tidak mencatat peristiwa kelahiran atau kematian.",
                                "code": "not_found"})
    form = event_form(application, kind, _form_data(payload))
    if not form.is_valid():
        return HttpStatus(400, {"detail": "Data peristiwa belum benar.", "code": "invalid",
                                "fields": {k: [str(e) for e in v] for k, v in form.errors.items()}})
    try:
        services.save_event(application, form.event())
    except services.EventRefused as refused:
        return HttpStatus(400, {"detail": "Data peristiwa belum benar.", "code": "refused",
                                "fields": {k: [v] for k, v in refused.problems.items()}})
    except services.FlowError as error:
        status = 409 if error.code == "locked" else 400
        return HttpStatus(status, {"detail": error.message, "code": error.code})
    application.refresh_from_db()
    return HttpStatus(200, {"number": application.number,
                            "event": [(str(k), str(v)) for k, v in life_events.summary(application)]})
