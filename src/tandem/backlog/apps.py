from django.apps import AppConfig


class BacklogConfig(AppConfig):
    name = "tandem.backlog"
    label = "backlog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The roadmap's progress and alignment figures read the backlog through this.
        from . import hooks  # noqa: F401
