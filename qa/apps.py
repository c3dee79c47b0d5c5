from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = "Quality assurance"
    # Called by `manage.py setup_site --demo` / `--demo-data` (idempotent): a sampling plan, and
    # the sample of the latest transcribed call's week once there are transcribed calls.
    demo_data = "qa.demo.qa_demo_ensure"

    def ready(self) -> None:
        # Imported here because models (which these modules load) need the app registry ready.
        from autoscoring.hooks import agreement_answers, training_answers
        from core.access import Role
        from qa.selectors import checked_answers
        from scorecards.hooks import VersionPageLink, version_page_links

        # Auto-scoring (the layer below) learns from and is measured against the officers'
        # answers without importing qa.
        training_answers.register(checked_answers.training_answers)
        agreement_answers.register(checked_answers.agreement_answers)
        open_work = VersionPageLink(
            label="Queued calls and draft evaluations on earlier versions",
            url_name="qa:open_work",
            roles=(Role.QA_MANAGER,),
        )
        if open_work not in version_page_links:
            version_page_links.append(open_work)
