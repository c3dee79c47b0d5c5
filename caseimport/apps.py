from django.apps import AppConfig


class CaseimportConfig(AppConfig):
    """Complaint cases from a spreadsheet: upload, every row checked and previewed, then a
    background import (``core.imports``) that opens each case through ``case_create``."""

    name = "caseimport"
    verbose_name = "Case import"

    def ready(self) -> None:
        from caseimport.sheets import cases_rows_check, cases_rows_write
        from core.imports import ImportKind, import_kind_register

        import_kind_register(
            ImportKind(
                code="cases",
                label="case",
                check=cases_rows_check,
                write=cases_rows_write,
                back_url="caseimport:case_import",
            )
        )
