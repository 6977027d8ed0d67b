from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "tandem.suggestions"
    label = "backlog_suggestions"
    verbose_name = "Backlog suggestions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tandem.backlog.extensions import (
            register_create_headers,
            register_duplicate_finder,
            register_estimate_hints,
            register_item_panel,
        )
        from tandem.workspace.audit import subscribe, subscribe_bulk

        from . import neighbours, views

        # After the search index's listener: its job stores the vectors neighbours read.
        subscribe(neighbours.on_audited_writes)
        subscribe_bulk(neighbours.on_bulk_write)  # an import's items, all at once
        register_item_panel(views.item_panel)
        register_estimate_hints(views.estimate_hints)
        register_duplicate_finder(neighbours.duplicate_pairs)
        register_create_headers(neighbours.create_headers)
