from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        # The org app writes audit events through core's port (it may not import this app).
        # Imported here because audit.services loads models (the app registry must be ready).
        from audit.services import audit_record
        from core.audit import audit_writer_register

        audit_writer_register(audit_record)
