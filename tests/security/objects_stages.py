"""Objects for the stages' rows of the access table: the owner's application further along the card line
(biometrics, printing, pickup, Suket) and a signed digital document."""

from __future__ import annotations

from typing import Any

from tests.security.objects import Context, location
from tests.security.objects import _application as owner_application


# --- issuance: the owner's application further along, and temporary certificates --------------------
def application_in(ctx: Context, status: str) -> Any:
    """The owner's application moved to ``status`` the short way (as the issuance factories do): the
    pages under test check the status, not how it got there."""
    from django.utils import timezone

    from apps.applications.models import Application, StatusChange

    def build() -> Any:
        # A draft moved by UPDATE: a second file through transition() would be refused (one open KTP-el
        # application per NIK), and each page under test needs its own.
        application = owner_application(ctx, "draft")
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(status=status, status_changed_at=now, submitted_at=now)
        StatusChange.objects.create(application=application, from_status="submitted", to_status=status)
        application.refresh_from_db()
        return application

    return ctx.once(f"application_{status}", build)


def awaiting_biometrics(ctx: Context) -> dict[str, Any]:
    return {"number": application_in(ctx, "awaiting_biometrics").number}


def print_ready(ctx: Context) -> dict[str, Any]:
    """Print-ready, at a location with no blank in stock (so a Suket may be issued)."""
    return {"number": application_in(ctx, "print_ready").number}


def printed(ctx: Context) -> dict[str, Any]:
    return {"number": application_in(ctx, "printed").number}


def ready_for_pickup(ctx: Context) -> dict[str, Any]:
    return {"number": application_in(ctx, "ready_for_pickup").number}


def _suket(ctx: Context) -> Any:
    from apps.issuance.services import balance_of, issue_suket

    def build() -> Any:
        application = application_in(ctx, "print_ready")
        assert balance_of(location(ctx)) == 0, "a Suket is only issued where no blank is left"
        return issue_suket(application, actor=ctx.cast.users["operator"], location=location(ctx))

    return ctx.once("suket", build)


def suket(ctx: Context) -> dict[str, Any]:
    """A valid Suket (renewing it supersedes it: POST rows get a Context, so a Suket, of their own)."""
    return {"suket_id": _suket(ctx).pk}


def suket_code(ctx: Context) -> dict[str, Any]:
    return {"code": _suket(ctx).code}


# --- digitaldocs ----------------------------------------------------------------------------------------
def _signed_document(ctx: Context) -> Any:
    def build() -> Any:
        from apps.applications.models import ServiceType
        from apps.applications.services import create_application, transition
        from apps.applications.workflow import Status
        from apps.digitaldocs.services import issue

        kk = ServiceType.objects.get_or_create(
            code="kk-uji-akses", defaults={"name": "KK uji akses", "product_kind": "digital", "category": "kk"}
        )[0]
        application = create_application(
            service_type=kk, channel="online", nik=ctx.owner.resident.nik, applicant=ctx.owner,
            location=location(ctx),
        )
        for status in (Status.SUBMITTED, Status.IN_VERIFICATION, Status.VERIFIED):
            transition(application, status)
        return issue(application)

    return ctx.once("signed_document", build)


def signed_document(ctx: Context) -> dict[str, Any]:
    return {"number": _signed_document(ctx).number}


# --- did a POST take effect (rules' ``done``) ---------------------------------------------------------
def suket_issued(ctx: Context) -> bool:
    from apps.issuance.models import Suket

    return Suket.objects.filter(application=application_in(ctx, "print_ready"), state="valid").exists()


def suket_renewed(ctx: Context) -> bool:
    from apps.issuance.models import Suket

    return Suket.objects.filter(renewed_from=_suket(ctx), state="valid").exists()
