from django.contrib import admin
from django.urls import include, path

from tandem.web.auth_views import admin_sign_in

from .api import api, unknown_path

# Every app's pages hang from the site's root, in this order.
PAGE_URLS = (
    "tandem.backlog.urls",
    "tandem.suggestions.urls",
    "tandem.strategy.urls",
    "tandem.delivery.urls",
    "tandem.insights.urls",
    "tandem.metrics.urls",
    "tandem.integrations.urls",
    "tandem.knowledge.urls",
    "tandem.integrations.import_urls",
    "tandem.web.urls",
    "tandem.workspace.urls",
    "tandem.workspace.notifications.urls",
)

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/v1/<path:path>", unknown_path),
    path("rest/", include("tandem.integrations.jira_api.urls")),  # Jira-compatible API
    path("admin/login/", admin_sign_in, name="admin-login"),  # behind the sign-in counters
    path("admin/", admin.site.urls),
    *(path("", include(module)) for module in PAGE_URLS),
]

handler400 = "tandem.config.errors.bad_request"
handler404 = "tandem.config.errors.not_found"
handler500 = "tandem.config.errors.server_error"
