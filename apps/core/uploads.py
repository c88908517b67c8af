"""Where an upload waits while it is checked: a file with no name.

Django streams an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a *named* temporary file in
``FILE_UPLOAD_TEMP_DIR`` and deletes it when the request ends. A worker killed mid-request (OOM killer,
SIGKILL on deploy) never reaches that point: the resident's photo, with its EXIF and GPS position,
stays in ``var/tmp``. Here the temporary file is unlinked as soon as it is created (``O_TMPFILE`` on
Linux): it lives only as long as the process holds it, and a killed worker leaves nothing behind.

:func:`remove_stale_temporary_files` (a scheduled job) still sweeps the folder, for files left by
anything else (an older release, a library) before this handler existed."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler

log = logging.getLogger("sipon.uploads")

STALE_AFTER_SECONDS = 60 * 60  # no request holds an upload this long


class AnonymousTemporaryUploadedFile(UploadedFile[bytes]):
    """An uploaded file in an unnamed temporary file (no ``temporary_file_path``: storage copies it)."""

    def __init__(self, name: str, content_type: str, size: int, charset: str | None,
                 content_type_extra: dict[str, Any] | None = None) -> None:
        # Unlinked at once; closed with the upload at the end of the request (like Django's own).
        file = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
        super().__init__(file, name, content_type, size, charset, content_type_extra)


class AnonymousTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for large uploads, writing to a file that has no name on disk."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = AnonymousTemporaryUploadedFile(  # type: ignore[assignment]  # same interface, no path
            str(self.file_name), str(self.content_type), 0, self.charset, self.content_type_extra
        )


def remove_stale_temporary_files(max_age_seconds: int = STALE_AFTER_SECONDS) -> int:
    """Delete the files in ``FILE_UPLOAD_TEMP_DIR`` older than ``max_age_seconds``; return how many."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age_seconds
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
                elif entry.is_symlink():
                    os.unlink(entry.path)  # nothing Sipon writes there is a link
                    removed += 1
            except FileNotFoundError:
                continue  # a request finished with it meanwhile
    if removed:
        log.info("stale temporary uploads removed", extra={"count": removed})
    return removed
