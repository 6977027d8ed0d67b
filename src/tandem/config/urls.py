from django.urls import include, path

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("tandem.backlog.urls")),
    path("", include("tandem.web.urls")),
]
