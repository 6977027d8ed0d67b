from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "tandem.strategy"
    label = "strategy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Panels on the item page, status guards, and other hooks into lower apps.
        from . import hooks  # noqa: F401
