from django.urls import path

from qa.views import calls

app_name = "qa"
urlpatterns: list = [
    # ---- Calls and transcripts (issue 3) ----
    path("calls/", calls.call_list, name="call_list"),
    path("calls/upload/", calls.call_upload, name="call_upload"),
    path("calls/import/", calls.call_import, name="call_import"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/original/", calls.call_original, name="call_original"),
    path("calls/<int:pk>/recording/", calls.call_recording, name="call_recording"),
    path("calls/<int:pk>/retry/", calls.call_retry, name="call_retry"),
]
