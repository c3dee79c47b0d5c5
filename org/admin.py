from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from core.admin import AuditedModelAdmin
from org.models import Agent, CareCentre, Department, Section, Team
from org.resources import AgentResource, TeamResource
from org.services import people_export_record


class PeopleExportAdmin(ExportMixin, AuditedModelAdmin):
    """Export in the import format (an audited read of personal data). Imports go through the
    administrator's import screen (``org:people_import``), which previews every row and writes
    through org.services, so the admin offers none of its own."""

    formats = [CSV, XLSX]
    export_kind = ""

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
    pass


@admin.register(Group)
class GroupAdmin(AuditedModelAdmin, DjangoGroupAdmin):
    pass
