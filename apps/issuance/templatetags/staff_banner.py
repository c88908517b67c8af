"""The staff banner: central outage and blank stock. It lives in issuance, the stage that may read both
(central sits below issuance and does not import it)."""

from __future__ import annotations

from typing import Any

from django import template

from apps.central import health
from apps.central.models import OutboxMessage
from apps.issuance.services import stock_alert

register = template.Library()


@register.inclusion_tag("central/_banner_body.html", takes_context=True)
def central_banner(context: Any) -> dict[str, Any]:
    """Outage and blank-stock banner for staff pages (two small queries)."""
    outage = health.outage_since()
    waiting = OutboxMessage.objects.filter(status=OutboxMessage.State.PENDING).count() if outage else 0
    return {"outage_since": outage, "waiting": waiting, "stock": stock_alert(), "request": context.get("request")}
