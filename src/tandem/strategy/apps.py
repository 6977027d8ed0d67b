from django.apps import AppConfig

from tandem.workspace.navigation import NavLink, register


class StrategyConfig(AppConfig):
    name = "tandem.strategy"
    label = "strategy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Panels on the item page, status guards, and other hooks into lower apps.
        from . import gtm_records, hooks, records  # noqa: F401

        records.register_all()
        gtm_records.register_all()
        # Rows that travel in a product's archive besides the registered kinds.
        from tandem.workspace.registry import register_export

        from .models import CheckIn, RoadmapSetting

        register_export(CheckIn, product_path="key_result__product")
        register_export(RoadmapSetting)

        register(
            NavLink("Strategy", "strategy:index", "Strategy", 20, "s", ("/strategy/",)),
            NavLink("Roadmap", "strategy:roadmap", "Strategy", 21, "r"),
            NavLink("Go-to-market", "strategy:gtm", "Strategy", 22),
        )
