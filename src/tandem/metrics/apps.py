from django.apps import AppConfig

from tandem.workspace.navigation import NavLink, register


class MetricsConfig(AppConfig):
    name = "tandem.metrics"
    label = "metrics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Panels on the item page, status guards, and other hooks into lower apps.
        from . import hooks, records  # noqa: F401

        records.register_all()

        register(NavLink("Metrics", "metrics:index", "Metrics", 60, "m"))
