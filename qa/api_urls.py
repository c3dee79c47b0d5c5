from django.urls import path

from qa import api

app_name = "qa_api"
urlpatterns: list = [
    # ---- Calls (issue 3) ----
    path("calls/", api.CallCollection.as_view(), name="call_collection"),
    path("calls/<int:pk>/", api.CallItem.as_view(), name="call_item"),
]
