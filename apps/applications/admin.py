"""Administrators edit the service catalogue here: services and their required documents."""

from django.contrib import admin
from django.http import HttpRequest

from apps.applications.models import Application, Decision, RequiredDocument, ServiceType, StatusChange


class RequiredDocumentInline(admin.TabularInline[RequiredDocument, ServiceType]):
    model = RequiredDocument
    extra = 1
    fields = ("order", "kind", "name", "help_text", "mandatory", "accepted_formats", "max_size_kb", "max_pages")


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin[ServiceType]):
    list_display = ("name", "code", "category", "service_level_days", "requires_biometrics", "is_active", "order")
    list_editable = ("is_active", "order")
    list_filter = ("category", "is_active")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    inlines = [RequiredDocumentInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "category", "description", "is_active", "order")}),
        ("Syarat", {"fields": ("eligibility", "min_age_years", "allow_if_married", "requires_biometrics",
                               "changes_data", "form_code")}),
        ("Layanan", {"fields": ("service_level_days", "queue_code", "legal_basis")}),
    )


class StatusChangeInline(admin.TabularInline[StatusChange, Application]):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "note", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Application | None = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ("number", "service_type", "channel", "status", "submitted_at", "estimated_completion_date")
    list_filter = ("status", "channel", "service_type")
    search_fields = ("number", "nik", "full_name")
    raw_id_fields = ("applicant", "claimed_by", "location", "district", "village")
    readonly_fields = ("status", "submitted_at", "status_changed_at", "due_date", "estimated_completion_date")
    inlines = [StatusChangeInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin[Decision]):
    list_display = ("application", "outcome", "reason_code", "actor", "created_at")
    list_filter = ("outcome",)
    raw_id_fields = ("application", "actor")
