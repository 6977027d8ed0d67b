from django.contrib import admin
from django.urls import include, path

from .api import api, unknown_path

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/v1/<path:path>", unknown_path),
    path("admin/", admin.site.urls),
    path("", include("tandem.backlog.urls")),
    path("", include("tandem.strategy.urls")),
    path("", include("tandem.delivery.urls")),
    path("", include("tandem.insights.urls")),
    path("", include("tandem.metrics.urls")),
    path("", include("tandem.web.urls")),
]
