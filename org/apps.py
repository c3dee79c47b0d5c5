from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "Organisation"
    # Loaded by `manage.py setup_site` into a database that has none of this data yet.
    default_fixtures = [("org", "org.Section")]

    def ready(self):
        from org import checks  # noqa: F401  (registers the system checks)
