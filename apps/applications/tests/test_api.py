"""The JSON API: a resident's whole application, the staff desk, and the schema's 4xx responses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from apps.applications.tests.factories import jpeg_bytes, pdf_bytes, resident, upload
from apps.applications.workflow import Status

pytestmark = pytest.mark.django_db
BASE = "/api/v1/permohonan"


def test_a_resident_applies_through_the_api_and_staff_decide(client: Any, staff_client: Any) -> None:
    user = resident()
    client.force_login(user)
    response = client.post(f"{BASE}/", {"service": "ktp-hilang"}, content_type="application/json")
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    response = client.post(f"{BASE}/{number}/ajukan")
    assert response.status_code == 400 and "data diri" in response.json()["detail"]
    profile = user.resident
    identity = {"full_name": profile.full_name, "kk_number": profile.kk_number, "birth_place": "Klaten",
                "birth_date": str(profile.birth_date), "sex": "L", "address": "Jl. Pemuda 1"}
    bad = client.put(f"{BASE}/{number}/data", {**identity, "kk_number": "123"}, content_type="application/json")
    assert bad.status_code == 400 and "kk_number" in bad.json()["fields"]
    assert client.put(f"{BASE}/{number}/data", identity, content_type="application/json").status_code == 200
    response = client.post(f"{BASE}/{number}/dokumen/kk", {"file": upload("kk.pdf", jpeg_bytes())})
    assert response.status_code == 400 and "isinya foto" in response.json()["detail"]
    response = client.post(f"{BASE}/{number}/dokumen/kk", {"file": upload("kk.jpg", jpeg_bytes())})
    assert response.status_code == 201 and len(response.json()["sha256"]) == 64
    response = client.post(f"{BASE}/{number}/dokumen/surat-kehilangan", {"file": upload("s.pdf", pdf_bytes())})
    assert response.status_code == 201
    response = client.post(f"{BASE}/{number}/ajukan")
    assert response.status_code == 200 and response.json()["status"] == Status.SUBMITTED
    assert client.post(f"{BASE}/{number}/ajukan").status_code == 409
    body = client.get(f"{BASE}/{number}").json()
    assert [t["status"] for t in body["timeline"]] == ["submitted", "draft"]
    assert body["estimated_completion_date"] and body["timeline"][0]["estimate"]

    client.logout()
    staff = staff_client("file_receiver")
    queue = staff.get("/api/v1/staf/permohonan/antrean").json()
    assert queue["count"] == 1 and queue["items"][0]["number"] == number
    assert staff.post(f"/api/v1/staf/permohonan/{number}/ambil").status_code == 200
    response = staff.post(f"/api/v1/staf/permohonan/{number}/keputusan", {"outcome": "return", "items": {}},
                          content_type="application/json")
    assert response.status_code == 400
    response = staff.post(f"/api/v1/staf/permohonan/{number}/keputusan",
                          {"outcome": "return", "items": {"kk": "Foto buram"}}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == Status.NEEDS_CORRECTION


def test_staff_api_refuses_other_roles(staff_client: Any) -> None:
    staff = staff_client("operator")
    assert staff.get("/api/v1/staf/permohonan/antrean").status_code == 403


def test_two_files_in_one_api_field_are_refused(client: Any) -> None:
    user = resident()
    client.force_login(user)
    number = client.post(f"{BASE}/", {"service": "ktp-hilang"}, content_type="application/json").json()["number"]
    response = client.post(f"{BASE}/{number}/dokumen/kk",
                           {"file": [upload("a.jpg", jpeg_bytes()), upload("b.jpg", jpeg_bytes())]})
    assert response.status_code == 400 and "satu berkas" in response.json()["detail"]


def test_every_4xx_response_is_declared_in_the_schema(client: Any) -> None:
    schema = json.loads(client.get("/api/openapi.json").content)
    ours = {p: ops for p, ops in schema["paths"].items() if "/permohonan/" in p}
    assert ours
    for path, operations in ours.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if method != "get" or "{number}" in path:
                assert codes & {"400", "404"} or path.endswith(("/antrean", "/layanan")), (path, method)
            if operation.get("security"):
                assert "401" in codes, (path, method)
            if operation.get("requestBody") or any(p.get("in") == "query" for p in operation.get("parameters", [])):
                assert "422" in codes, (path, method)
            if "/staf/" in path:
                assert "403" in codes, (path, method)


def test_a_kiosk_can_submit_everything_in_one_multipart_request(client: Any) -> None:
    user = resident()
    client.force_login(user)
    profile = user.resident
    fields = {"service": "ktp-hilang", "full_name": profile.full_name, "kk_number": profile.kk_number,
              "birth_place": "Klaten", "birth_date": str(profile.birth_date), "sex": "L", "address": "Jl. Pemuda 1"}
    response = client.post(f"{BASE}/kirim", {**fields, "kk": upload("kk.jpg", jpeg_bytes())})
    assert response.status_code == 400 and "Surat keterangan kehilangan" in response.json()["detail"]
    response = client.post(f"{BASE}/kirim", {**fields, "kk": upload("kk.jpg", jpeg_bytes()),
                                             "surat-kehilangan": upload("s.pdf", pdf_bytes())})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == Status.SUBMITTED


def test_every_resident_write_declares_the_403_a_missing_csrf_token_gets():
    from sipon.api import api

    schema = api.get_openapi_schema()
    writes = [
        (path, method, op)
        for path, ops in schema["paths"].items()
        if path.startswith("/api/v1/permohonan")
        for method, op in ops.items()
        if method in {"post", "put", "patch", "delete"}
    ]
    assert writes
    for path, method, op in writes:
        assert 403 in op["responses"] or "403" in op["responses"], (method, path)
