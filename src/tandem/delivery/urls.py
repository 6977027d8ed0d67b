from django.urls import path

from .views import releases, sprints

app_name = "delivery"

_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}delivery/", sprints.index, name="index"),
    path(f"{_product}releases/", releases.releases, name="releases"),
]
