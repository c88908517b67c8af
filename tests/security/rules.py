from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rule:
    """Who may use one URL or API operation.

    ``allow``: the principals for whom it succeeds (everyone else must be refused: 401/403/404/405
    or a redirect to sign-in / second factor). ``method``: how it is tried (POST-only views are
    tried with POST and ``data``; a POST that reaches validation and answers 200/400/422 counts
    as let through). ``args``: builds the URL's arguments (see ``objects.py``). ``dummy``: the
    arguments are dummies, so everyone gets 404: only "nobody gets in and nothing breaks" is
    checked.
    """

    allow: frozenset[str]
    method: str = "GET"
    args: Callable[..., dict[str, Any]] | None = None
    data: dict[str, Any] | Callable[..., dict[str, Any]] | None = None
    upload: bool = False  # API: send ``data`` as multipart with a small valid PNG in ``file``
    dummy: bool = False
    note: str = ""
