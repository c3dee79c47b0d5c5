from django.apps import AppConfig


class AutoscoringConfig(AppConfig):
    name = "autoscoring"
    verbose_name = "Auto-scoring"

    def ready(self) -> None:
        # The one hand-over from calls to auto-scoring (docs/architecture.md, "How a call's
        # auto-score is produced"): a transcribed call is queued for auto-scoring once its
        # transaction commits. Imported here because models (which these modules load) need the
        # app registry ready.
        from autoscoring.selectors import scored_call_ids
        from autoscoring.tasks import queue_autoscore
        from autoscoring.views import SUGGESTION_ROLES
        from calls.hooks import CallPageLink, call_page_links, call_scored_checks, on_transcribed
        from core.access import Role
        from scorecards.hooks import VersionPageLink, version_page_links

        on_transcribed.connect(queue_autoscore)
        if scored_call_ids not in call_scored_checks:
            call_scored_checks.append(scored_call_ids)
        suggestions = CallPageLink(
            label="Auto-score suggestions for this call",
            url_name="autoscoring:call_suggestions",
            roles=SUGGESTION_ROLES,
            note_when_flagged="none: the transcript is flagged for listening",
        )
        if suggestions not in call_page_links:
            call_page_links.append(suggestions)
        agreement = VersionPageLink(
            label="Auto-score agreement for this version",
            url_name="autoscoring:autoscore_agreement_version",
            roles=(Role.QA_MANAGER,),
        )
        if agreement not in version_page_links:
            version_page_links.append(agreement)
