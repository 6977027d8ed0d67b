from django.urls import path

from . import views

app_name = "delivery"

_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}delivery/", views.index, name="index"),
]
