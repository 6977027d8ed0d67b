from django.urls import path

from . import views

app_name = "suggestions"

urlpatterns = [
    path("items/<str:item_key>/estimate-suggestion/", views.estimate, name="estimate"),
    path("items/<str:item_key>/split/", views.split, name="split"),
    path("p/<str:product_key>/similar-check/", views.similar_check, name="similar-check"),
    path("p/<str:product_key>/refinement/suggestions/", views.refinement, name="refinement"),
]
