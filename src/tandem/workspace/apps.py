from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "tandem.workspace"
    label = "workspace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import kinds

        kinds.register_all()
        from .notifications import connect

        connect()
        # A product's archive holds its people's roles, its history and its proposals.
        from .models import Event, Membership, Proposal
        from .notifications.models import Watch
        from .registry import register_export

        register_export(Membership)
        register_export(Watch, generic=("object_type", "object_id"))
        register_export(Event, generic=("object_type", "object_id"))
        register_export(Proposal, generic=("record_type", "record_id"))
