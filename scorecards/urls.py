"""The scorecard designer, under /qa/scorecards/ (the paths it had inside qa)."""

from django.urls import path

from scorecards import views

app_name = "scorecards"
urlpatterns = [
    path("", views.scorecard_list, name="scorecard_list"),
    path("new/", views.scorecard_create, name="scorecard_create"),
    path("import/", views.scorecard_import, name="scorecard_import"),
    path("<int:pk>/edit/", views.scorecard_edit, name="scorecard_edit"),
    path("<int:pk>/new-draft/", views.scorecard_new_draft, name="scorecard_new_draft"),
    path("versions/<int:pk>/", views.scorecard_version, name="scorecard_version"),
    path("versions/<int:pk>/export.json", views.scorecard_export, name="scorecard_export"),
    path("versions/<int:pk>/preview/", views.scorecard_preview, name="scorecard_preview"),
    path("versions/<int:pk>/publish/", views.scorecard_publish, name="scorecard_publish"),
    path("versions/<int:pk>/groups/new/", views.group_add, name="group_add"),
    path("versions/<int:pk>/criteria/new/", views.criterion_edit, name="criterion_add"),
    path(
        "versions/<int:pk>/criteria/<int:criterion_pk>/",
        views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "versions/<int:pk>/criteria/<int:criterion_pk>/delete/",
        views.criterion_delete,
        name="criterion_delete",
    ),
]
