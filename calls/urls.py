from django.urls import path

from calls import views

# Mounted at /qa/calls/ (config/urls.py): the paths the calls had when they lived in the qa app.
app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("upload/", views.call_upload, name="call_upload"),
    path("progress/", views.call_progress_json, name="call_progress"),
    path("import/", views.call_import, name="call_import"),
    path("<int:pk>/", views.call_detail, name="call_detail"),
    path("<int:pk>/original/", views.call_original, name="call_original"),
    path("<int:pk>/recording/", views.call_recording, name="call_recording"),
    path("<int:pk>/listened/", views.call_listened, name="call_listened"),
    path("<int:pk>/retry/", views.call_retry, name="call_retry"),
]
