"""The life event's step of the resident's flow (after the applicant's own data): a birth's or a death's fields."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.applications import services
from apps.applications.access import own_application
from apps.applications.forms_life import event_form
from apps.applications.services import life_events
from apps.core.access import resident_required

TITLES = {"birth": _("Data kelahiran"), "death": _("Data kematian")}


@resident_required
def event(request: HttpRequest, number: str) -> HttpResponse:
    application = own_application(request.user, number)
    kind = life_events.event_kind(application.service_type)
    if not kind:
        raise Http404
    if not services.may_edit(application, services.DATA_ITEM):
        return redirect("applications:status", number=number)
    family = life_events.family_for(application.kk_number)
    saved = {k: v for k, v in (application.form_data or {}).items() if k.startswith(("child_", "mother_",
                                                                                      "father_", "deceased_",
                                                                                      "death_"))}
    form = event_form(application, kind, request.POST or None, initial=saved)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_event(application, form.event())
            except services.EventRefused as refused:
                for field, message in refused.problems.items():
                    form.add_error(field if field in form.fields else None, message)
            except services.FlowError as error:
                form.add_error(None, error.message)
            else:
                return redirect("applications:documents", number=number)
        status = 400
    return render(request, "applications/life_event.html", {
        "application": application, "form": form, "kind": kind, "title": TITLES[kind], "step": 2, "steps": 4,
        "family_known": family is not None,
    }, status=status)
