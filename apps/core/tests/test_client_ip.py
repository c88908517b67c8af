"""The client's address for the audit log and rate limits: from our proxy's X-Real-IP only behind a proxy."""

from __future__ import annotations

from django.test import RequestFactory

from apps.core.audit import client_ip


def test_it_ignores_a_client_supplied_header_when_no_proxy_is_in_front(settings):
    settings.BEHIND_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_REAL_IP="198.51.100.7")
    assert client_ip(request) == "203.0.113.5"


def test_it_takes_the_address_the_proxy_saw_behind_the_proxy(settings):
    settings.BEHIND_PROXY = True
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
