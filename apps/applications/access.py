"""Object access for applications: a resident's own file, or not found."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from apps.applications.models import Application
from apps.families import services as families


def own_application(user: Any, number: str) -> Application:
    """The signed-in resident's application with this number, or 404 (never 403)."""
    application = (
        Application.objects.select_related("service_type", "district", "village")
        .filter(number=number, applicant_id=user.pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def made_for(user: Any) -> QuerySet[Application]:
    """Files another account of the KK made for this person, when they are an adult member (17 and over) with
    their own account: they may follow them (read only). Empty otherwise."""
    me = families.link_account(user) if user.is_authenticated else None
    if me is None or not families.is_adult(me):
        return Application.objects.none()
    return (
        Application.objects.filter(member=me).exclude(applicant_id=user.pk)
        .select_related("service_type", "district", "village", "member")
    )


def viewable_application(user: Any, number: str) -> Application:
    """The resident's own application, or one made for them as an adult member of the KK (read only), or 404."""
    try:
        return own_application(user, number)
    except Http404:
        application = made_for(user).filter(number=number).first()
        if application is None:
            raise
        return application


def staff_application(number: str) -> Application:
    application = (
        Application.objects.select_related("service_type", "district", "village", "applicant", "claimed_by",
                                           "member__family")
        .filter(number=number)
        .first()
    )
    if application is None:
        raise Http404
    return application
