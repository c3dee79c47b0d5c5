from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = "Quality assurance"
    # Called by `manage.py setup_site --demo` / `--demo-data` (idempotent): a sampling plan, and
    # the sample of the latest transcribed call's week once there are transcribed calls.
    demo_data = "qa.demo.qa_demo_ensure"

    def ready(self) -> None:
        # The one hand-over from calls to qa (docs/architecture.md, "How a call's auto-score is
        # produced"): a transcribed call is queued for auto-scoring once its transaction commits.
        # Imported here because models (which these modules load) need the app registry ready.
        from calls.hooks import CallPageLink, call_page_links, call_scored_checks, on_transcribed
        from core.access import Role
        from qa.selectors.autoscore import scored_call_ids
        from qa.tasks import queue_autoscore
        from qa.views.autoscore import SUGGESTION_ROLES
        from scorecards.hooks import VersionPageLink, version_page_links

        on_transcribed.connect(queue_autoscore)
        if scored_call_ids not in call_scored_checks:
            call_scored_checks.append(scored_call_ids)
        suggestions = CallPageLink(
            label="Auto-score suggestions for this call",
            url_name="qa:call_suggestions",
            roles=SUGGESTION_ROLES,
            note_when_flagged="none: the transcript is flagged for listening",
        )
        if suggestions not in call_page_links:
            call_page_links.append(suggestions)
        for link in (
            VersionPageLink(
                label="Queued calls and draft evaluations on earlier versions",
                url_name="qa:open_work",
                roles=(Role.QA_MANAGER,),
            ),
            VersionPageLink(
                label="Auto-score agreement for this version",
                url_name="qa:autoscore_agreement_version",
                roles=(Role.QA_MANAGER,),
            ),
        ):
            if link not in version_page_links:
                version_page_links.append(link)
