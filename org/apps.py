from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "Organisation"
    # Loaded by `manage.py setup_site` into a database that has none of this data yet.
    default_fixtures = [("org", "org.Section")]

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from org import checks  # noqa: F401  (registers the system checks)
        from org.breakglass import audit_superuser_login

        # The one side effect wired to a signal: a login has no service of ours to call it.
        user_logged_in.connect(audit_superuser_login, dispatch_uid="org.breakglass.login")
