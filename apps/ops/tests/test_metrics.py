"""/ops/metrics: Prometheus text format, for a scraper with the token or an allowed address only."""

from __future__ import annotations

import re
from typing import Any

import pytest

from apps.applications.models import ServiceType
from apps.applications.services import create_application
from apps.ops.metrics import Metric, render
from tests.factories import make_resident

pytestmark = pytest.mark.django_db
URL = "/ops/metrics"
LINE = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.e+Inf]+$')


def test_it_refuses_a_scraper_without_the_token(client: Any, settings: Any) -> None:
    settings.OPS_METRICS_TOKEN = "rahasia-metrik-1234567890"
    assert client.get(URL).status_code == 403
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer salah").status_code == 403


def test_it_refuses_everyone_when_nothing_is_configured(client: Any, settings: Any) -> None:
    settings.OPS_METRICS_TOKEN = ""
    settings.OPS_METRICS_ALLOWED_IPS = []
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_it_lets_in_an_allowed_network(client: Any, settings: Any) -> None:
    settings.OPS_METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    assert client.get(URL, REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get(URL, REMOTE_ADDR="10.21.3.4").status_code == 403


def test_it_exposes_application_counts_task_depth_and_records_in_the_text_format(client: Any, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.OPS_METRICS_TOKEN = "rahasia-metrik-1234567890"
    resident = make_resident()
    service = ServiceType.objects.filter(is_active=True).first() or ServiceType.objects.create(code="u", name="U")
    create_application(service_type=service, channel="online", nik=resident.resident.nik, applicant=resident)
    DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="x.y", queue_name="central",
                                backend_name="default", run_after="2000-01-01T00:00:00Z")
    response = client.get(URL, HTTP_AUTHORIZATION="Bearer rahasia-metrik-1234567890")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    body = response.content.decode()
    assert 'sipon_applications{status="draft"} 1' in body
    assert 'sipon_task_queue_depth{queue="central",status="READY"} 1' in body
    assert 'sipon_records{model="applications.application",status="draft"} 1' in body
    assert "sipon_database_up 1" in body
    assert 'sipon_task_oldest_ready_age_seconds{queue="central"}' in body
    for line in body.splitlines():
        assert line.startswith(("# HELP ", "# TYPE ")) or LINE.match(line), line
    assert resident.resident.nik not in body


def test_it_escapes_label_values() -> None:
    text = render([Metric("x_total", "a\nb", "counter").add(2, name='a"b\\c\nd')])
    assert text == '# HELP x_total a\\nb\n# TYPE x_total counter\nx_total{name="a\\"b\\\\c\\nd"} 2\n'


def test_a_broken_collector_is_reported_not_fatal(client: Any, settings: Any, monkeypatch: Any) -> None:
    from apps.ops import metrics

    def broken() -> list[Metric]:
        raise RuntimeError("boom")

    monkeypatch.setattr(metrics, "BUILTIN", [*metrics.BUILTIN, broken])
    settings.OPS_METRICS_ALLOWED_IPS = ["127.0.0.1"]
    body = client.get(URL).content.decode()
    assert "sipon_metrics_collector_errors" in body
    assert re.search(r'sipon_metrics_collector_errors\{collector="[^"]*broken"\} 1', body)
