from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "investigations"
    verbose_name = "Complaint investigations"
    # Loaded by `manage.py setup_site` when no service-level policy exists yet (standards.md §5).
    default_fixtures = [("service_levels", "investigations.ServiceLevelPolicy")]
    # Called by `manage.py setup_site --demo` (idempotent).
    demo_data = "investigations.demo.demo_cases_ensure"

    def ready(self) -> None:
        # Investigators read a call unredacted only when it is evidence in one of their cases;
        # calls asks through its hook (it may not import this app). Imported here because the
        # selectors load models (the app registry must be ready).
        from calls.hooks import case_linked_call_ids
        from investigations.selectors import call_ids_linked_to_cases_of

        case_linked_call_ids.register(call_ids_linked_to_cases_of)
