from django.urls import path

from inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.read_all, name="read_all"),
    path("settings/", views.inbox_settings, name="settings"),
]
