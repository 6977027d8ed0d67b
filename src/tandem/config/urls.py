from django.contrib import admin
from django.urls import include, path

from tandem.web.auth_views import admin_sign_in

from .api import api, unknown_path

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/v1/<path:path>", unknown_path),
    path("rest/", include("tandem.integrations.jira_api.urls")),  # Jira-compatible API
    path("admin/login/", admin_sign_in, name="admin-login"),  # behind the sign-in counters
    path("admin/", admin.site.urls),
    path("", include("tandem.backlog.urls")),
    path("", include("tandem.suggestions.urls")),
    path("", include("tandem.strategy.urls")),
    path("", include("tandem.delivery.urls")),
    path("", include("tandem.insights.urls")),
    path("", include("tandem.metrics.urls")),
    path("", include("tandem.integrations.urls")),
    path("", include("tandem.knowledge.urls")),
    path("", include("tandem.integrations.import_urls")),
    path("", include("tandem.web.urls")),
    path("", include("tandem.workspace.urls")),
    path("", include("tandem.workspace.notifications.urls")),
]

handler400 = "tandem.config.errors.bad_request"
handler404 = "tandem.config.errors.not_found"
handler500 = "tandem.config.errors.server_error"
