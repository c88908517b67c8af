"""The /kinerja/ charts, drawn on the server with the dashboards' SVG helpers (no JavaScript)."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.dashboards import charts
from apps.surveys import periods


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{month}/{year[2:]}"


def overall_on_time(data: dict[str, Any]) -> list[float | None]:
    out: list[float | None] = []
    for index in range(len(data["months"])):
        done = sum(s["months"][index]["done"] for s in data["on_time"])
        in_time = sum(s["months"][index]["in_time"] for s in data["on_time"])
        out.append(round(100 * in_time / done, 1) if done else None)
    return out


def performance_charts(data: dict[str, Any]) -> dict[str, SafeString | list[Any]]:
    labels = [month_label(m) for m in data["months"]]
    ikm_items = [
        {"label": str(periods.parse(item["period"]).label), "value": item["ikm"] or 0}
        for item in data["ikm"]
    ]
    semester_labels = [str(periods.parse(item["period"]).label) for item in data["ikm"]]
    return {
        "ikm_chart": charts.bar_chart(ikm_items, title=_("Nilai IKM per semester")),
        "semester_labels": semester_labels,
        "month_labels": labels,
        "overall_on_time": overall_on_time(data),
        "on_time_chart": charts.line_chart(
            labels, {_("Selesai tepat waktu (%)"): overall_on_time(data)},
            title=_("Permohonan selesai tepat waktu per bulan"), unit="%",
        ),
        "complaints_chart": charts.line_chart(
            labels,
            {_("Diterima"): [c["received"] for c in data["complaints"]],
             _("Dijawab tepat waktu"): [c["answered_on_time"] for c in data["complaints"]]},
            title=_("Pengaduan per bulan"),
        ),
        "stock_chart": charts.line_chart(
            labels, {_("Sisa blangko"): [c["balance"] for c in data["blank_stock"]]},
            title=_("Sisa blangko KTP-el akhir bulan"),
        ),
    }
