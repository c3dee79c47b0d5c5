from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "scorecards"
    verbose_name = "Scorecards"
    # Loaded by `manage.py setup_site` into a database that has no scorecard yet.
    default_fixtures = [("scorecards", "scorecards.Scorecard")]
