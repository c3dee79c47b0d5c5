from django.urls import path

from qa.views import agent_home, calibration, evaluations, reports, sampling, versions

app_name = "qa"
urlpatterns = [
    # Open work on a scorecard's earlier versions
    path("open-work/versions/<int:pk>/", versions.open_work, name="open_work"),
    # Sampling and the officer's queue
    path("sampling/", sampling.plan_list, name="plan_list"),
    path("sampling/<int:pk>/", sampling.plan_detail, name="plan_detail"),
    path("sampling/<int:pk>/edit/", sampling.plan_edit, name="plan_edit"),
    path("samples/<int:pk>/", sampling.sample_detail, name="sample_detail"),
    path("samples/<int:pk>/withdraw/", sampling.sample_withdraw, name="sample_withdraw"),
    path(
        "samples/items/<int:pk>/assign/", sampling.sample_item_reassign, name="sample_item_reassign"
    ),
    path("queue/", sampling.queue, name="queue"),
    path("queue/<int:item_pk>/start/", evaluations.evaluation_start, name="evaluation_start"),
    # Evaluations
    path("evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path("evaluations/mine/", agent_home.my_evaluations, name="my_evaluations"),
    path("evaluations/team/", evaluations.team_evaluations, name="team_evaluations"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/score/", evaluations.evaluation_score, name="evaluation_score"),
    path(
        "evaluations/<int:pk>/autosave/",
        evaluations.evaluation_autosave,
        name="evaluation_autosave",
    ),
    path(
        "evaluations/<int:pk>/acknowledge/",
        evaluations.evaluation_acknowledge,
        name="evaluation_acknowledge",
    ),
    path(
        "evaluations/<int:pk>/dispute/", evaluations.evaluation_dispute, name="evaluation_dispute"
    ),
    path("evaluations/<int:pk>/coach/", evaluations.coaching_create, name="coaching_create"),
    path(
        "coaching/<int:pk>/acknowledge/",
        evaluations.coaching_acknowledge,
        name="coaching_acknowledge",
    ),
    path("disputes/", evaluations.dispute_list, name="dispute_list"),
    path("disputes/<int:pk>/", evaluations.dispute_resolve, name="dispute_resolve"),
    # Calibration
    path("calibration/", calibration.calibration_list, name="calibration_list"),
    path("calibration/<int:pk>/", calibration.calibration_detail, name="calibration_detail"),
    path("calibration/<int:pk>/score/", calibration.calibration_score, name="calibration_score"),
    path("calibration/<int:pk>/close/", calibration.calibration_close, name="calibration_close"),
    # Reports and exports
    path("reports/", reports.reports, name="reports"),
    path("export/<str:what>.<str:fmt>", reports.export, name="export"),
]
