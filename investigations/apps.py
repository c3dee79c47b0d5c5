from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "investigations"
    verbose_name = "Complaint investigations"
    # Loaded by `manage.py setup_site` when no service-level policy exists yet (standards.md §5).
    default_fixtures = [("service_levels", "investigations.ServiceLevelPolicy")]
    # Called by `manage.py setup_site --demo` (idempotent).
    demo_data = "investigations.demo.demo_cases_ensure"
