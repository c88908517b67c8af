"""Writes to complaints. Every status change goes through :func:`transition`; every function
takes an optional ``now`` so deadlines and escalation can be tested by moving time.

The package is split by stage; every name is importable from here as before:

- :mod:`apps.complaints.services.rules`: Deadlines, codes and who may see the filer (the rules every step shares).
- :mod:`apps.complaints.services.filing`: Filing a complaint, with its files; telling the resident.
- :mod:`apps.complaints.services.handling`:
  Handling: status, complexity, assignment, messages, answers, reopening, escalation.
- :mod:`apps.complaints.services.actions`: Evaluation action items.
"""

from __future__ import annotations

from apps.complaints.services.actions import create_action_item, mark_action_done
from apps.complaints.services.filing import (
    _file_complaint,
    _in_callers_transaction,
    _save_files,
    _tell_resident,
    check_files,
    file_complaint,
)
from apps.complaints.services.handling import (
    answer,
    assign,
    can_reopen,
    close_settled,
    escalate_overdue,
    lock,
    post_message,
    reopen,
    section_heads,
    set_complexity,
    transition,
)
from apps.complaints.services.rules import (
    CONFIDENTIAL_LABEL,
    _now,
    _today,
    can_see_identity,
    deadlines,
    filer_label,
    is_overdue,
    new_code,
    reopen_days,
    working_days_left,
)
from apps.complaints.workflow import InvalidTransition, Kind

__all__ = [
    "CONFIDENTIAL_LABEL",
    "InvalidTransition",
    "Kind",
    "_file_complaint",
    "_in_callers_transaction",
    "_now",
    "_save_files",
    "_tell_resident",
    "_today",
    "answer",
    "assign",
    "can_reopen",
    "can_see_identity",
    "check_files",
    "close_settled",
    "create_action_item",
    "deadlines",
    "escalate_overdue",
    "file_complaint",
    "filer_label",
    "is_overdue",
    "lock",
    "mark_action_done",
    "new_code",
    "post_message",
    "reopen",
    "reopen_days",
    "section_heads",
    "set_complexity",
    "transition",
    "working_days_left",
]
