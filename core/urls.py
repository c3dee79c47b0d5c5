from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("<int:pk>/", views.import_progress, name="import_progress"),
    path("<int:pk>/resume/", views.import_resume, name="import_resume"),
]
