from django.urls import path

from calls import api

# Mounted at /api/qa/ (config/urls.py): the path the telephony platform already posts to.
app_name = "calls_api"
urlpatterns = [
    path("calls/", api.CallCollection.as_view(), name="call_collection"),
    path("calls/<int:pk>/", api.CallItem.as_view(), name="call_item"),
]
