from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = "Calls"

    def ready(self) -> None:
        # Registers the transcription model check; imported once the app registry is ready.
        from calls import checks  # noqa: F401
