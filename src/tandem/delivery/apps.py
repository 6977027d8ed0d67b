from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "tandem.delivery"
    label = "delivery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Panels on the item page, status guards, and other hooks into lower apps.
        from . import hooks  # noqa: F401
