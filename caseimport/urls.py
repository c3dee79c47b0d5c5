from django.urls import path

from caseimport import views

app_name = "caseimport"

urlpatterns = [
    path("", views.case_import, name="case_import"),
]
