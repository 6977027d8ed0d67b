"""What the apps that declare record kinds do when Django is ready, said once.

An app subclasses it through the module (``app_configs.RecordsAppConfig``): Django takes
the one AppConfig class an ``apps`` module holds as the app's."""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig

from .navigation import NavLink, register


class RecordsAppConfig(AppConfig):
    """An app whose kinds are declared in ``record_modules`` (each with ``register_all``),
    whose ``hooks`` plug into the apps below it, and whose pages are in ``nav``."""

    default_auto_field = "django.db.models.BigAutoField"
    record_modules: tuple[str, ...] = ("records",)
    nav: tuple[NavLink, ...] = ()

    def ready(self) -> None:
        # Panels on the item page, status guards, and other hooks into lower apps.
        import_module(f"{self.name}.hooks")
        for module in self.record_modules:
            import_module(f"{self.name}.{module}").register_all()
        self.declare()
        register(*self.nav)

    def declare(self) -> None:
        """What the app adds besides its kinds (rows for the archive, answers)."""
