from django.urls import path

from qa.views import autoscore as autoscore_views

app_name = "qa"
urlpatterns: list = [
    # ---- Auto-scoring (issue 5) ----
    path(
        "autoscore/agreement/",
        autoscore_views.autoscore_agreement,
        name="autoscore_agreement",
    ),
    path(
        "calls/<int:pk>/suggestions/",
        autoscore_views.call_suggestions,
        name="call_suggestions",
    ),
    path(
        "calls/<int:pk>/suggestions/rescore/",
        autoscore_views.call_rescore,
        name="call_rescore",
    ),
    # ---- end auto-scoring ----
]
