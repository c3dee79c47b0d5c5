from django.apps import AppConfig


class CaseReportsConfig(AppConfig):
    name = "casereports"
    verbose_name = "Case reports"
