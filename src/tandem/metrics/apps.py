from tandem.workspace import app_configs
from tandem.workspace.navigation import NavLink


class MetricsConfig(app_configs.RecordsAppConfig):
    name = "tandem.metrics"
    label = "metrics"
    nav = (NavLink("Metrics", "metrics:index", "Metrics", 60, "m"),)
