from django.apps import AppConfig

from tandem.workspace.navigation import NavLink, register


class DeliveryConfig(AppConfig):
    name = "tandem.delivery"
    label = "delivery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Panels on the item page, status guards, and other hooks into lower apps.
        from . import exports, hooks  # noqa: F401
        from .records import register_search_sources

        register_search_sources()
        exports.declare()
        from .services import sprint_content

        sprint_content.register()  # the team's suggestions wait in the one queue
        from . import questions

        questions.register()  # what delivery answers in Ask

        register(
            NavLink("Sprints", "delivery:index", "Delivery", 40, "p", also_active=("/sprints/",)),
            NavLink("Board", "delivery:board", "Delivery", 41, "o"),
            NavLink("Impediments", "delivery:impediments", "Delivery", 42),
            NavLink("Releases", "delivery:releases", "Delivery", 43, "e"),
            NavLink("Reviews", "delivery:reviews", "Delivery", 44),
        )
