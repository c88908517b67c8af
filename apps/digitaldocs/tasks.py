"""Background work of the digitaldocs stage (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from apps.digitaldocs import routing


@task()
def issue_registered_document(application_id: int) -> str:
    """Sign and store the document of a file central registered (queued by ``routing.central_registered``)."""
    document = routing.issue_registered(application_id)
    return document.number if document is not None else ""
