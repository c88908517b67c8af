from django.contrib import admin

from apps.announcements.models import Notice, WebhookDelivery, WebhookEndpoint
from apps.core.links import ADMIN_OVERRIDES


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    formfield_overrides = ADMIN_OVERRIDES
    list_display = ("title", "kind", "severity", "starts_at", "ends_at", "is_published", "system_key")
    list_filter = ("kind", "severity", "is_published")
    search_fields = ("title", "summary")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin[WebhookEndpoint]):
    formfield_overrides = ADMIN_OVERRIDES
    list_display = ("name", "url", "is_active")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = ("notice", "endpoint", "event", "status", "attempts", "next_attempt_at")
    list_filter = ("status",)
