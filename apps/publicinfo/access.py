"""Finding the public objects of this app (a service of the catalogue, active) or 404."""

from __future__ import annotations

from django.http import Http404

from apps.applications.models import ServiceType
from apps.publicinfo.models import ServiceStandard
from apps.publicinfo.services import default_values


def active_service(code: str) -> ServiceType:
    service = ServiceType.objects.filter(code=code, is_active=True).prefetch_related("required_documents").first()
    if service is None:
        raise Http404
    return service


def standard_for(service: ServiceType) -> ServiceStandard:
    """The saved standard, or the default one (unsaved) for a service added since the last seeding."""
    try:
        return service.standard
    except ServiceStandard.DoesNotExist:
        return ServiceStandard(service_type=service, **default_values(service))
