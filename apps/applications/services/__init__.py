"""Writes to applications. Every status change goes through :func:`transition`.

The package is split by stage; every name is importable from here as before:

- :mod:`apps.applications.services.lifecycle`: Every status change (transition), file numbers, creating a file.
- :mod:`apps.applications.services.resident`: The resident's flow: eligibility, drafts, forms, documents, submission.
- :mod:`apps.applications.services.desk`: The verification desk: the queue, claiming, deciding, data-quality warnings.
- :mod:`apps.applications.services.cases`: Life-event cases: a birth's or a death's files, verified together.
"""

from __future__ import annotations

from apps.applications.services.desk import (
    _DIGITS,
    MAX_AGE_DAYS,
    ClaimLost,
    claim,
    claim_next,
    decide,
    desk_queue,
    label_for,
    open_filter,
    quality_warnings,
    release,
)
from apps.applications.services.lifecycle import create_application, lock, next_number, transition
from apps.applications.services.resident import (
    DATA_ITEM,
    IDENTITY_FIELDS,
    EventRefused,
    FlowError,
    OpenElsewhere,
    age_on,
    contact_problem,
    correction_items,
    eligibility,
    for_one_person,
    may_edit,
    member_to_apply_for,
    missing_answers,
    missing_documents,
    remember_unsaved,
    save_changes,
    save_event,
    save_form,
    start_draft,
    submit,
    upload_document,
)

__all__ = [
    "DATA_ITEM",
    "IDENTITY_FIELDS",
    "MAX_AGE_DAYS",
    "_DIGITS",
    "ClaimLost",
    "EventRefused",
    "FlowError",
    "OpenElsewhere",
    "age_on",
    "claim",
    "claim_next",
    "contact_problem",
    "correction_items",
    "create_application",
    "decide",
    "desk_queue",
    "eligibility",
    "for_one_person",
    "label_for",
    "lock",
    "may_edit",
    "member_to_apply_for",
    "missing_answers",
    "missing_documents",
    "next_number",
    "open_filter",
    "quality_warnings",
    "release",
    "remember_unsaved",
    "save_changes",
    "save_event",
    "save_form",
    "start_draft",
    "submit",
    "transition",
    "upload_document",
]
