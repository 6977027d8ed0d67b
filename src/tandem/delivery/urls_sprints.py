from django.urls import path

from .views import sprints

_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}delivery/", sprints.index, name="index"),
]
