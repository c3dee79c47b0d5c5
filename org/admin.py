from django.contrib import admin

from org.models import Agent, CareCentre, Department, Section, Team


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "section", "leader")
    list_filter = ("section",)
    search_fields = ("name",)
    autocomplete_fields = ("leader",)


@admin.register(CareCentre)
class CareCentreAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ("employee_number", "full_name", "section", "team", "active")
    list_filter = ("section", "team", "active")
    search_fields = ("employee_number", "user__first_name", "user__last_name", "user__username")
    list_select_related = ("user", "section", "team")
    autocomplete_fields = ("user",)
