"""Atom feed of published notices (newest first), for readers and social-media tools."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from apps.announcements.models import Notice


class NoticeFeed(Feed[Notice, None]):
    feed_type = Atom1Feed
    title = _("Pengumuman Disdukcapil Klaten")
    subtitle = _("Pemadaman, gangguan jaringan pusat, perubahan jadwal dan alamat kantor.")
    link = "/pengumuman/"

    def items(self) -> QuerySet[Notice]:
        return (
            Notice.objects.filter(is_published=True, starts_at__lte=timezone.now())
            .order_by("-starts_at", "-id")
            .prefetch_related("locations")[:50]
        )

    def item_title(self, item: Notice) -> str:
        return f"[{item.get_kind_display()}] {item.title}"

    def item_description(self, item: Notice) -> str:
        parts = [item.summary]
        if item.body:
            parts.append(item.body)
        if item.map_url:
            parts.append(item.map_url)
        return "\n\n".join(parts)

    def item_link(self, item: Notice) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Notice) -> dt.datetime:
        return item.starts_at

    def item_updateddate(self, item: Notice) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Notice) -> str:
        return settings.SIPON_OFFICE_NAME

    def item_categories(self, item: Notice) -> list[str]:
        return [item.kind, item.severity]
