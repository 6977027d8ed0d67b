from django.urls import path

from . import views

app_name = "metrics"

_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}metrics/", views.index, name="index"),
]
