from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "tandem.integrations"
    label = "integrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tandem.workspace import audit
        from tandem.workspace.navigation import NavLink, register

        from . import hooks  # noqa: F401  (the item page's code links panel)
        from .importers import setup
        from .jira_api import backlog_query
        from .webhooks import dispatch

        audit.subscribe(dispatch.on_audited)
        register(NavLink("Webhooks", "integrations:webhooks", "Settings", 95))
        backlog_query.install()  # the backlog filter understands JQL
        setup.install()  # key look-ups, archive declarations, the import page's link
