from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from core.admin import AuditedModelAdmin
from org.models import Agent, ApiToken, CareCentre, Department, Section, Team
from org.resources import AgentResource, TeamResource
from org.services import api_token_create, api_token_revoke, people_export_record


class CspSafeExportForm(SelectableFieldsExportForm):
    """import-export's export form, with its "Select all" handler bound from a static file."""

    @property
    def media(self):
        return super().media + forms.Media(js=("js/export_select_all.js",))


class PeopleExportAdmin(ExportMixin, AuditedModelAdmin):
    """Export in the import format (an audited read of personal data). Imports go through the
    administrator's import screen (``org:people_import``), which previews every row and writes
    through org.services, so the admin offers none of its own."""

    formats = [CSV, XLSX]
    export_kind = ""
    export_form_class = CspSafeExportForm

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        people_export_record(
            kind=self.export_kind, actor=request.user, rows=queryset.count(), request=request
        )
        return data


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(Section)
class SectionAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "slug")


@admin.register(Team)
class TeamAdmin(PeopleExportAdmin):
    resource_classes = [TeamResource]
    export_kind = "teams"
    list_display = ("name", "section", "leader")
    list_filter = ("section",)
    search_fields = ("name",)
    autocomplete_fields = ("leader",)


@admin.register(CareCentre)
class CareCentreAdmin(AuditedModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(Agent)
class AgentAdmin(PeopleExportAdmin):
    resource_classes = [AgentResource]
    export_kind = "agents"
    list_display = ("employee_number", "full_name", "section", "team", "active")
    list_filter = ("section", "team", "active")
    search_fields = ("employee_number", "user__first_name", "user__last_name", "user__username")
    list_select_related = ("user", "section", "team")
    autocomplete_fields = ("user",)


# Logins, roles (groups) and their permissions are changed in the admin too: audit them.
admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    """The administrator manages logins and their roles; only a (break-glass) superuser may
    grant superuser status or single permissions, or touch a superuser's account."""

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            from org.roles import Role

            kwargs["queryset"] = Group.objects.filter(name__in=Role.values)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Group)
class GroupAdmin(AuditedModelAdmin, DjangoGroupAdmin):
    pass


# DRF's own token admin lists keys in clear; keys now live hashed in ApiToken.
try:
    from rest_framework.authtoken.models import TokenProxy

    admin.site.unregister(TokenProxy)
except (ImportError, admin.exceptions.NotRegistered):
    pass


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are made here (shown once, in the confirmation message) and revoked here; the
    stored hash is never shown and nothing else can be edited."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user",)
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    autocomplete_fields = ("user",)
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return self.fields
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the audit trail keeps naming the key

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, key = api_token_create(
            user=obj.user, name=obj.name, actor=request.user, request=request
        )
        obj.pk = token.pk
        obj.prefix = token.prefix
        self.message_user(
            request,
            f"The key for {token.name} is {key} — copy it now: it is shown only this once.",
        )

    def log_addition(self, request, obj, message):
        return None  # the service wrote the audit event

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, actor=request.user, request=request)
