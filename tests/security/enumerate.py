"""Every named URL pattern and every API operation of the running project."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str  # the full route, for messages
    converters: tuple[tuple[str, str], ...]  # (argument, converter class name)


# Namespaces checked elsewhere or belonging to libraries: Django's admin (superusers only, tested as
# one entry below) and django-ninja's generated operation views (checked through the OpenAPI schema).
SKIPPED_NAMESPACES = ("admin", "api")
# URLs of ninja's own that are pages rather than operations.
API_PAGES = ("api:openapi-json", "api:openapi-view")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str,
          converters: dict[str, str]) -> list[Route]:
    found: list[Route] = []
    for entry in patterns:
        route = str(entry.pattern)
        entry_converters = dict(converters)
        for arg, conv in getattr(entry.pattern, "converters", {}).items():
            entry_converters[arg] = type(conv).__name__
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += _walk(entry.url_patterns, prefix + route, ns, entry_converters)
        elif entry.name:
            full = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append(Route(full, prefix + route, tuple(sorted(entry_converters.items()))))
    return found


def all_routes() -> list[Route]:
    routes = _walk(get_resolver().url_patterns, "/", "", {})
    result: dict[str, Route] = {}
    for route in routes:
        top = route.name.split(":", 1)[0]
        if top in SKIPPED_NAMESPACES and route.name not in API_PAGES:
            continue
        result.setdefault(route.name, route)
    return sorted(result.values(), key=lambda r: r.name)


def unnamed_routes() -> list[str]:
    """Patterns without a name cannot be in the table: they are reported as gaps."""
    missing: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or ""
                if ns in SKIPPED_NAMESPACES or namespace in SKIPPED_NAMESPACES:
                    continue
                walk(entry.url_patterns, prefix + str(entry.pattern), ns or namespace)
            elif not entry.name:
                missing.append(prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "/", "")
    return missing


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    params: tuple[str, ...]
    has_body: bool


def all_operations() -> list[Operation]:
    from sipon.api import api

    schema = api.get_openapi_schema()
    operations: list[Operation] = []
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            operations.append(
                Operation(
                    operation_id=spec["operationId"],
                    method=method.upper(),
                    path=path,
                    params=tuple(re.findall(r"{(\w+)}", path)),
                    has_body="requestBody" in spec,
                )
            )
    return sorted(operations, key=lambda o: o.operation_id)
