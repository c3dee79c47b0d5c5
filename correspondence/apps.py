from django.apps import AppConfig


class CorrespondenceConfig(AppConfig):
    name = "correspondence"
    verbose_name = "Correspondence (e-mail intake and letters)"
    # Loaded by `manage.py setup_site` when no office address is known yet.
    default_fixtures = [("office_addresses", "correspondence.OfficeAddress")]

    def ready(self) -> None:
        # investigations offers hooks (it may not import this app): the letter links on the case
        # page, and "record sent" keeping the exact PDF. Imported here because the services load
        # models (the app registry must be ready).
        from core.access import Role
        from correspondence import checks  # noqa: F401  (registers the system checks)
        from correspondence.services.letters import case_record_sent
        from investigations import hooks

        roles = (Role.INVESTIGATOR, Role.INVESTIGATIONS_SUPERVISOR)
        hooks.record_sent.register(case_record_sent)
        for label, url_name in (
            ("Printable response letter", "correspondence:case_letter"),
            ("Response letter (PDF)", "correspondence:case_letter_pdf"),
        ):
            if any(link.url_name == url_name for link in hooks.case_page_links):
                continue
            hooks.case_page_links.append(
                hooks.CasePageLink(
                    label, url_name, roles, show_when=lambda case: bool(case.response_text.strip())
                )
            )
