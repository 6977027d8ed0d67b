from django.apps import AppConfig

from tandem.workspace.navigation import NavLink, register


class KnowledgeConfig(AppConfig):
    name = "tandem.knowledge"
    label = "knowledge"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tandem.backlog.extensions import register_item_panel
        from tandem.workspace import registry
        from tandem.workspace.audit import subscribe, subscribe_bulk

        from . import wiki_links, wiki_records
        from .indexing import on_audited_writes, on_bulk_write

        subscribe(on_audited_writes)  # the index follows every committed write
        subscribe_bulk(on_bulk_write)  # and is rebuilt for a product after an import

        wiki_records.register_all()
        from .ask import exact

        exact.register()  # what the audit trail answers in Ask
        # Every saved version travels with the page. Its links are derived from the text and
        # are not in the archive: an imported page shows them again once it is next saved.
        from tandem.workspace.registry import register_export

        from .models import PageRevision

        register_export(PageRevision, product_path="page__product")
        # "Linked from wiki" on the records a page can link to that have a page of their own.
        register_item_panel(wiki_links.item_panel)
        for kind in ("initiative", "decision"):
            registry.register(wiki_links.with_backlinks(registry.record_type(kind)))
        register(NavLink("Wiki", "knowledge:index", "Wiki", 70, "w", ("/wiki/",)))
