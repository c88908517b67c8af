"""schemathesis against /api/openapi.json through the Django WSGI app: no 5xx, and every
response (status, content type, body) as the schema declares. Kept small (a few examples per
operation) so the run stays well under two minutes."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

EXAMPLES = settings(
    max_examples=6, deadline=None, derandomize=True, database=None,
    suppress_health_check=list(HealthCheck),
)
CSRF = "a" * 32  # an unmasked CSRF secret, sent as cookie and header (what a browser client does)
# Every check schemathesis has (server errors, status codes, content types, response bodies and
# headers, ignored auth, ...) except whether *valid-looking* data is accepted or invalid data
# rejected: the schemas allow e.g. empty strings that the services refuse with a clear 400, which
# is correct behaviour for this suite's purpose (no 5xx, every response as declared).
EXCLUDED = [schemathesis.checks.positive_data_acceptance, schemathesis.checks.negative_data_rejection]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """The WSGI handler closes database connections at the end of each request; inside a test
    transaction that would close the test's own connection. Django's test client disconnects
    the same signal handlers for the same reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in_resident(db: Any) -> dict[str, str]:
    from django.conf import settings as django_settings
    from django.test import Client

    from tests.factories import make_resident

    client = Client()
    client.force_login(make_resident(), backend="apps.accounts.backends.IdentifierBackend")
    return {django_settings.SESSION_COOKIE_NAME: client.cookies[django_settings.SESSION_COOKIE_NAME].value,
            django_settings.CSRF_COOKIE_NAME: CSRF}


@pytest.mark.django_db
@schema.parametrize()
@EXAMPLES
def test_the_api_answers_anonymous_callers_as_its_schema_says(case: Any) -> None:
    # With the CSRF cookie and header a browser has: a write without them answers an undeclared 403
    # "CSRF check Failed" (django-ninja's session auth), which is reported, not fuzzed here.
    from django.conf import settings as django_settings

    case.call_and_validate(cookies={django_settings.CSRF_COOKIE_NAME: CSRF}, headers={"X-CSRFToken": CSRF},
                           excluded_checks=EXCLUDED)


@pytest.mark.django_db
@schema.parametrize()
@EXAMPLES
def test_the_api_answers_a_signed_in_resident_as_its_schema_says(case: Any, signed_in_resident: dict[str, str]) -> None:
    # "Ignored auth" is the anonymous test's check: schemathesis repeats a 2xx call without the credentials it
    # knows of, but the session here is a plain cookie it cannot strip, so the repeat is still signed in.
    case.call_and_validate(cookies=signed_in_resident, headers={"X-CSRFToken": CSRF},
                           excluded_checks=[*EXCLUDED, schemathesis.checks.ignored_auth])


def _input_schemas(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(operation, field, schema) of every request body property and query/path parameter."""
    components = spec["components"]["schemas"]

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        return node

    out = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            name = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                out.append((name, parameter["name"], resolve(parameter["schema"])))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                body = resolve(media["schema"])
                for field, schema in body.get("properties", {}).items():
                    out.append((name, field, resolve(schema)))
    return out


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]


def test_every_input_of_the_api_is_bounded_in_the_published_schema(client: Any) -> None:
    spec = client.get("/api/openapi.json").json()
    unbounded = []
    for operation, field, schema in _input_schemas(spec):
        for branch in _branches(schema):
            kind = branch.get("type")
            if kind == "string" and "format" not in branch and "enum" not in branch and "maxLength" not in branch:
                unbounded.append(f"{operation} {field}: string without maxLength")
            if kind == "integer" and ("maximum" not in branch or "minimum" not in branch):
                unbounded.append(f"{operation} {field}: integer without bounds")
            if kind == "object" and "maxProperties" not in branch:
                unbounded.append(f"{operation} {field}: object without maxProperties")
    assert unbounded == [], "\n".join(unbounded)
    fields = {(op, field): schema for op, field, schema in _input_schemas(spec)}
    identity = {field: schema for (op, field), schema in fields.items() if op.startswith("PUT") and "/data" in op}
    assert identity["rt"]["pattern"] == identity["rw"]["pattern"] == "^[0-9]{0,3}$"
    assert "pattern" in identity["kk_number"] and "pattern" in identity["contact_phone"]
    assert identity["full_name"]["maxLength"] == 150


@pytest.mark.django_db
def test_a_schema_error_is_explained_in_indonesian(client: Any) -> None:
    from tests.factories import make_resident

    client.force_login(make_resident(), backend="apps.accounts.backends.IdentifierBackend")
    response = client.post("/api/v1/reservasi/", {"slot": 0}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Paling kecil 1."
    too_long = client.post("/api/v1/pengaduan/", {"subject": "x" * 151, "description": "y" * 20},
                           content_type="application/json")
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["msg"] == "Terlalu panjang: paling banyak 150 karakter."
