from django.urls import path

from org import views

app_name = "org"
urlpatterns = [
    path("agents/", views.agent_list, name="agent_list"),
    path("import/", views.people_import_view, name="people_import"),
    path("export/<slug:kind>.csv", views.people_export, name="people_export"),
]
