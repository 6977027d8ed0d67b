from django.urls import path

from . import views

app_name = "insights"

_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}insights/", views.index, name="index"),
]
