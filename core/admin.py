"""An admin base class whose saves and deletes are audit events, for any app (written through
the audit port, ``core.audit``, so the org app's admin needs no import of the audit app)."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from core.audit import audit_record
from core.models import WorkerHeartbeat


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes are audit events (``<model>.create/update/delete``
    with old/new values of the fields that changed, many-to-many included), written in the
    admin's own transaction. For models whose changes have no service of their own."""

    audit_exclude: tuple[str, ...] = ("password", "last_login")

    def _audit_snapshot(self, obj) -> dict:
        data = {}
        for field in obj._meta.concrete_fields:
            if field.name not in self.audit_exclude:
                data[field.name] = field.value_to_string(obj)
        for field in obj._meta.many_to_many:
            if field.name not in self.audit_exclude:
                data[field.name] = sorted(str(item) for item in getattr(obj, field.name).all())
        return data

    def save_model(self, request, obj, form, change):
        before = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = self._audit_snapshot(stored) if stored is not None else {}
        request._audit_before = before
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(request, "_audit_before", {})
        after = self._audit_snapshot(obj)
        changes = {
            name: {"old": before.get(name), "new": value}
            for name, value in after.items()
            if before.get(name) != value
        }
        if "password" in form.changed_data:
            changes["password"] = {"old": None, "new": "changed"}
        if changes or not change:
            audit_record(
                actor=request.user,
                action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
                obj=obj,
                changes=changes,
                request=request,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"{obj._meta.model_name}.delete",
                obj=obj,
                changes={"deleted": self._audit_snapshot(obj)},
                request=request,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Background workers and the task each runs now (read only: written by the workers)."""

    list_display = ("worker_id", "host", "pid", "task_id", "started_at", "seen_at")
    ordering = ("-seen_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
