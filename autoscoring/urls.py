"""Mounted under /qa/ (config/urls.py), so the addresses officers and managers bookmarked while
these screens lived in qa stay the same."""

from django.urls import path

from autoscoring import views

app_name = "autoscoring"
urlpatterns = [
    path("autoscore/agreement/", views.autoscore_agreement, name="autoscore_agreement"),
    path(
        "autoscore/agreement/versions/<int:pk>/",
        views.autoscore_agreement,
        name="autoscore_agreement_version",
    ),
    path("calls/<int:pk>/suggestions/", views.call_suggestions, name="call_suggestions"),
    path("calls/<int:pk>/suggestions/rescore/", views.call_rescore, name="call_rescore"),
]
