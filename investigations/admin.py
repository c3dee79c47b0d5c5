"""Administrators edit the service-level policies here. Versions are added, not rewritten: a
policy already used by a case cannot be changed (add a row with a later effective date).
Every save and delete is an audit event, as for the organisation data."""

from django.contrib import admin

from core.admin import AuditedModelAdmin
from investigations.models import ServiceLevelPolicy


@admin.register(ServiceLevelPolicy)
class ServiceLevelPolicyAdmin(AuditedModelAdmin):
    list_display = ("source", "acknowledge_days", "response_days", "effective_from", "note")
    list_filter = ("source",)
    ordering = ("source", "-effective_from")
    exclude = ("created_by",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.cases.exists():
            return ("source", "acknowledge_days", "response_days", "effective_from")
        return ()

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.cases.exists()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
