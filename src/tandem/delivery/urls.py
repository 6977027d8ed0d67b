from . import urls_releases, urls_sprints

app_name = "delivery"

urlpatterns = urls_sprints.urlpatterns + urls_releases.urlpatterns
