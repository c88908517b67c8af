"""Region lookups for forms: the desa/kelurahan list of one kecamatan (htmx partial)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from apps.regions.models import Region
from apps.regions.widgets import FastSelect


@require_GET
@cache_control(max_age=3600, public=True)
def villages(request: HttpRequest) -> HttpResponse:
    """``<select name="village">`` with the villages of ``?district=``, to replace the full grouped list
    when a kecamatan is chosen. Without a known kecamatan of the regency it lists none."""
    district = request.GET.get("district", "")
    valid = Region.objects.filter(
        code=district, level=Region.Level.DISTRICT, parent_id=settings.SIPON_REGENCY_CODE
    ).exists()
    rows = (
        Region.objects.filter(parent_id=district, level=Region.Level.VILLAGE)
        .order_by("name")
        .values_list("code", "name")
        if valid
        else []
    )
    choices = [("", _("— pilih desa/kelurahan —")), *rows]
    widget = FastSelect(choices=choices, attrs={"id": "id_village"})
    selected = request.GET.get("village", "")
    html = widget.render("village", selected, attrs={"aria-describedby": "id_village_hint"})
    # a bare fragment: no template, so no context processors run for it
    return HttpResponse(html)
