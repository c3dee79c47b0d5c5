from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = "Quality assurance"
    # Loaded by `manage.py setup_site` into a database that has none of this data yet.
    default_fixtures = [("scorecards", "qa.Scorecard")]
