from django.contrib import admin

from inbox.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created", "recipient", "kind", "words", "read_at", "email")
    list_filter = ("kind", "email")
    search_fields = ("words", "recipient__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
