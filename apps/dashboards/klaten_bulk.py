"""Bulk helpers of the Klaten generator (``manage.py generate_klaten``): the progress bar, the table writer
(COPY on PostgreSQL, executemany on SQLite), ids and sequences, application-number suffixes."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import CommandError
from django.db import connection, models

from apps.dashboards.klaten_tables import ALPHABET, UTC

_last_draw = [0.0]
progress_stream: list[Any] = [sys.stderr]


def progress(label: str, done: int, total: int, started: float) -> None:
    """Draw a one-line progress bar on stderr (at most twice a second, and at the end)."""
    moment = time.monotonic()
    if done < total and moment - _last_draw[0] < 0.5:
        return
    _last_draw[0] = moment
    width = 30
    share = done / total if total else 1.0
    filled = int(width * share)
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed > 0 else 0.0
    out = progress_stream[0]
    out.write(
        f"\r{label:<22} [{'#' * filled}{'.' * (width - filled)}] {share * 100:5.1f}% "
        f"{done:>10,}/{total:,} {rate:,.0f}/s {elapsed:6.1f}s"
    )
    if done >= total:
        out.write("\n")
    out.flush()


class Writer:
    """Writes rows to one model's table: COPY on PostgreSQL, executemany on SQLite. Columns the
    generator does not set get the field's default (and it is an error if a required column has
    none, so a new required field in another app shows up here loudly)."""

    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise CommandError(f"{self.table}: unknown columns {sorted(unknown)}")
        self.columns = list(columns)
        extra: list[tuple[str, Any]] = []
        for attname, field in fields.items():
            if attname in columns:
                continue
            value = field.get_default()
            if value is None and not field.null:
                raise CommandError(f"{self.table}.{attname} is required and has no default: teach the generator")
            extra.append((attname, value))
        self.columns += [name for name, _v in extra]
        self.constants = tuple(self._plain(v) for _n, v in extra)
        self.postgres = connection.vendor == "postgresql"
        self.count = 0

    @staticmethod
    def _plain(value: Any) -> Any:
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return value

    def _sqlite(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        out: list[Any] = []
        for value in row:
            if isinstance(value, dt.datetime):
                out.append(value.astimezone(UTC).replace(tzinfo=None).isoformat(" "))
            elif isinstance(value, dt.date):
                out.append(value.isoformat())
            elif isinstance(value, bool):
                out.append(int(value))
            elif isinstance(value, (dict, list)):
                out.append(json.dumps(value))
            else:
                out.append(value)
        return tuple(out)

    def write(self, rows: Iterable[tuple[Any, ...]]) -> int:
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        n = 0
        with connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + self.constants)
                        n += 1
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                table = connection.ops.quote_name(self.table)  # names from the model, not from input
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
                batch: list[tuple[Any, ...]] = []
                for row in rows:
                    batch.append(self._sqlite(row + self.constants))
                    if len(batch) >= 5000:
                        cursor.executemany(sql, batch)
                        n += len(batch)
                        batch.clear()
                if batch:
                    cursor.executemany(sql, batch)
                    n += len(batch)
        self.count += n
        return n


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(last or 0) + 1


def reset_sequence(model: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # The table name comes from the model's Meta, not from input.
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))",  # noqa: S608
            [table],
        )


def scramble(i: int) -> str:
    """A unique 6-character suffix for index i (a bijection on 32**6, so no two collide)."""
    value = (i * 387_420_489 + 12_345) % (32**6)
    out = []
    for _ in range(6):
        value, digit = divmod(value, 32)
        out.append(ALPHABET[digit])
    return "".join(out)


def accumulate(values: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def take(iterator: Iterator[Any], n: int) -> Iterator[Any]:
    for _ in range(n):
        try:
            yield next(iterator)
        except StopIteration:
            return
