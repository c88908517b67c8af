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
    checked (no row uses it now; ``test_no_row_is_checked_with_dummy_arguments`` keeps it so).
    ``client``: how each principal's client is made when the intended users are not in the standard
    cast (e.g. staff who have not set up a second factor yet); by default ``Cast.client``.
    ``done``: for a POST whose refusal of the action looks like its success (both redirect), tells
    from the principal's objects whether the action took effect: true exactly for ``allow``.
    ``file``: the URL serves a document or a file (a download, an attachment, an export, a PDF, an image): it is
    also tried by every staff member signed in with the password only, who must get what a resident who does not
    own the object gets (``test_access`` fails on a URL that answers a file and is not marked).
    """

    allow: frozenset[str]
    method: str = "GET"
    args: Callable[..., dict[str, Any]] | None = None
    data: dict[str, Any] | Callable[..., dict[str, Any]] | None = None
    upload: bool = False  # API: send ``data`` as multipart with a small valid PNG in ``file``
    dummy: bool = False
    client: Callable[[Any, str], Any] | None = None
    done: Callable[..., bool] | None = None
    file: bool = False
    note: str = ""
