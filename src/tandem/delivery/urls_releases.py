from django.urls import path

from .views import releases

_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}releases/", releases.releases, name="releases"),
]
