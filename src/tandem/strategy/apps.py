from tandem.workspace import app_configs
from tandem.workspace.navigation import NavLink


class StrategyConfig(app_configs.RecordsAppConfig):
    name = "tandem.strategy"
    label = "strategy"
    record_modules = ("records", "gtm_records")
    nav = (
        NavLink("Strategy", "strategy:index", "Strategy", 20, "s", ("/strategy/",)),
        NavLink("Roadmap", "strategy:roadmap", "Strategy", 21, "r"),
        NavLink("Go-to-market", "strategy:gtm", "Strategy", 22),
    )

    def declare(self) -> None:
        # Rows that travel in a product's archive besides the registered kinds.
        from tandem.workspace.registry import register_export

        from .models import CheckIn, RoadmapSetting

        register_export(CheckIn, product_path="key_result__product")
        register_export(RoadmapSetting)
