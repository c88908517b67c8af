from django.contrib import admin

from apps.documents.models import Document, DocumentVersion


class VersionInline(admin.TabularInline[DocumentVersion, Document]):
    model = DocumentVersion
    extra = 0
    fields = ("number", "format", "size", "sha256", "original_name", "created_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ("application", "kind", "updated_at")
    search_fields = ("application__number",)
    raw_id_fields = ("application", "current")
    inlines = [VersionInline]
