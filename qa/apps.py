from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = "Quality assurance"
    # Loaded by `manage.py setup_site` into a database that has none of this data yet.
    default_fixtures = [("scorecards", "qa.Scorecard")]
    # Called by `manage.py setup_site --demo` / `--demo-data` (idempotent): a sampling plan, and
    # the sample of the latest transcribed call's week once there are transcribed calls.
    demo_data = "qa.demo.qa_demo_ensure"

    def ready(self) -> None:
        from qa import checks  # noqa: F401  (registers the transcription model check)
