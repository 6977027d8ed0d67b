from django.urls import path

from . import views

app_name = "strategy"

_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}strategy/", views.index, name="index"),
]
