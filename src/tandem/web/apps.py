from django.apps import AppConfig

from tandem.workspace.navigation import (
    NavLink,
    register,
    register_account,
    register_homes,
    register_sign_out,
)


class WebConfig(AppConfig):
    name = "tandem.web"
    label = "web"

    def ready(self) -> None:
        from django.contrib import admin

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .auth_views import ThrottledAdminAuthenticationForm

        admin.site.login_form = ThrottledAdminAuthenticationForm

        # The last app: every record type is declared by now.
        from tandem.workspace.admin import register_record_types

        register_record_types()
        register_account("Change password", "web:password-change", 10)
        register_account("Your products", "web:home", 5)
        register_account("Organization settings", "web:settings", 20)
        register_sign_out("web:sign-out")
        register_homes(start="web:home", product="web:product-home")
        register(
            NavLink("Home", "web:product-home", "Home", 10, "h"),
            NavLink("Queue", "records:queue", "Queue", 85, "q"),
            NavLink("Members", "web:members", "Members", 90),
        )
