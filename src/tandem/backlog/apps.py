from django.apps import AppConfig

from tandem.workspace.navigation import NavLink, register


class BacklogConfig(AppConfig):
    name = "tandem.backlog"
    label = "backlog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The roadmap's progress and alignment figures read the backlog through this.
        from tandem.workspace import sqlite_upkeep

        from . import exports, hooks  # noqa: F401
        from .records import register_search_sources
        from .story_map import records as story_map_records

        register_search_sources()
        story_map_records.register_all()
        from .services import proposals as item_proposals

        item_proposals.register()  # an item's proposals wait in the one queue
        exports.declare()
        from . import questions

        questions.register()  # what the backlog answers in Ask
        sqlite_upkeep.install()  # the backlog's indexes are the ones that need statistics

        register(
            NavLink("Backlog", "backlog:list", "Backlog", 30, "b", also_active=("/items/",)),
            NavLink("Value / effort", "backlog:matrix", "Backlog", 31),
            NavLink("Refinement", "backlog:refinement", "Backlog", 32),
            NavLink("Story map", "backlog:story-map", "Backlog", 33),
        )
