from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("p/<str:product_key>/reports/executive/", views.executive, name="executive"),
]
