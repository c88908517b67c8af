from django.contrib import admin

from apps.complaints.models import ActionItem, AnswerTemplate


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin[AnswerTemplate]):
    list_display = ("title", "category", "is_active", "order")
    list_filter = ("is_active", "category")
    search_fields = ("title", "body")


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin[ActionItem]):
    list_display = ("title", "assignee", "due_date", "state", "meeting_month")
    list_filter = ("state",)
