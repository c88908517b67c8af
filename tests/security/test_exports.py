"""Formula injection ("CSV injection"): text that starts like a formula, typed by a resident or a staff
member, goes through EVERY spreadsheet export and is read back: in an XLSX it is a plain string cell
(openpyxl's type is never 'f') with the text as typed; in a CSV it starts with an apostrophe."""

from __future__ import annotations

import ast
import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.spreadsheets import FORMULA_PREFIXES
from apps.locations.models import Location

pytestmark = pytest.mark.django_db

MARK = "SUM(1+1)*cmd|' /C calc'!A0"
PAYLOADS = sorted(prefix + MARK for prefix in FORMULA_PREFIXES)
assert {"=", "+", "-", "@", "\t", "\r"} <= {p[0] for p in PAYLOADS}


def _xlsx_cells(body: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(body))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _check_xlsx(label: str, body: bytes, expected: set[str]) -> None:
    expected = {e.replace("\r", "\n") for e in expected}  # XML reads a carriage return back as a line feed
    found = set()
    for cell in _xlsx_cells(body):
        assert cell.data_type != "f", f"{label}: a live formula in {cell.coordinate}: {cell.value!r}"
        value = cell.value.replace("\r", "\n") if isinstance(cell.value, str) else cell.value
        if isinstance(value, str) and value in expected:
            found.add(value)
            assert cell.data_type == "s" and cell.quotePrefix, f"{label}: {cell.value!r} not kept as text"
    assert found == expected, f"{label}: payloads missing from the export: {expected - found}"


def _check_csv(label: str, body: bytes, expected: set[str]) -> None:
    found = set()
    for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")):
        for value in row:
            if MARK in value and not value.startswith(MARK):  # the bare mark: a subject stored stripped
                assert value.startswith("'"), f"{label}: a cell a spreadsheet would evaluate: {value!r}"
                found.add(value[1:])
    assert expected <= found, f"{label}: payloads missing from the export: {expected - found}"


@pytest.fixture
def hostile_data() -> None:
    """Every payload as a complaint subject, description and name, an applicant's name and a location's name."""
    from apps.complaints.tests.factories import make_complaint
    from apps.dashboards.tests.factories import application

    for n, payload in enumerate(PAYLOADS):
        loc = Location.objects.create(slug=f"lokasi-formula-{n}", name=payload, kind=Location.Kind.MAIN_OFFICE,
                                      address="Jl. Pemuda 1")
        make_complaint(subject=payload, description=payload, name=payload, location=loc)
        application(status="sent_to_central", full_name=payload, loc=loc)


EXPORTS: list[tuple[str, str, str, Callable[[], str]]] = [
    # (label, role, format, url); complaint subjects are stored stripped, so a payload starting with a tab or
    # a line break reaches the exports through the names (applicant, location), which are kept as typed.
    ("LAPOR csv", "customer_service", "csv", lambda: reverse("complaints_staff:export", args=["csv"]) + "?all=1"),
    ("LAPOR xlsx", "customer_service", "xlsx", lambda: reverse("complaints_staff:export", args=["xlsx"]) + "?all=1"),
    ("drill-down applications", "section_head", "xlsx",
     lambda: reverse("dashboards_staff:drill") + "?metrik=central&format=xlsx"),
    ("drill-down complaints", "section_head", "xlsx",
     lambda: reverse("dashboards_staff:drill") + "?metrik=complaints-open&format=xlsx"),
    ("dashboard", "section_head", "xlsx", lambda: reverse("dashboards_staff:export", args=["xlsx"])),
]


@pytest.mark.parametrize(("label", "role", "fmt", "url"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_no_export_carries_a_live_formula(hostile_data: None, staff_client: Any, label: str, role: str, fmt: str,
                                          url: Callable[[], str]) -> None:
    response = staff_client(role).get(url())
    assert response.status_code == 200, label
    check = _check_csv if fmt == "csv" else _check_xlsx
    expected = set(PAYLOADS)
    if label == "drill-down complaints":  # code, subject (stripped), status
        expected = {p for p in PAYLOADS if not p[0].isspace()}
    check(label, response.content, expected)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_office_name_is_text_in_the_dashboard_and_ikm_exports(settings: Any, staff_client: Any,
                                                                   payload: str) -> None:
    settings.SIPON_OFFICE_NAME = payload
    client = staff_client("section_head")
    for label, url in (("dashboard", reverse("dashboards_staff:export", args=["xlsx"])),
                       ("IKM", reverse("surveys_staff:report_file", args=["xlsx"]))):
        response = client.get(url)
        assert response.status_code == 200, label
        _check_xlsx(label, response.content, {payload})


def test_a_control_character_in_a_subject_does_not_break_the_export(staff_client: Any) -> None:
    from apps.complaints.tests.factories import make_complaint

    make_complaint(subject="Antre\x01an \x1b lama")
    response = staff_client("customer_service").get(reverse("complaints_staff:export", args=["xlsx"]) + "?all=1")
    assert response.status_code == 200
    assert "Antrean  lama" in [cell.value for cell in _xlsx_cells(response.content)]


def test_every_spreadsheet_is_written_through_the_one_safe_helper() -> None:
    """No module but apps/core/spreadsheets.py builds a workbook or a CSV writer itself."""
    root = Path(django_settings.BASE_DIR)
    offenders = []
    for path in sorted((root / "apps").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or relative == "apps/core/spreadsheets.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("openpyxl", "csv"):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names if alias.name == "csv"]
            if set(names) & {"Workbook", "writer", "DictWriter", "csv"}:
                offenders.append(f"{relative}:{getattr(node, 'lineno', 0)}")
    assert offenders == [], f"write spreadsheets with apps.core.spreadsheets: {offenders}"
