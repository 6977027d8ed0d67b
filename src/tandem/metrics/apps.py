from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "tandem.metrics"
    label = "metrics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Panels on the item page, status guards, and other hooks into lower apps.
        from . import hooks  # noqa: F401
