from django.urls import path

from . import views

app_name = "backlog"

urlpatterns = [
    path("p/<str:product_key>/backlog/", views.backlog_list, name="list"),
    path("p/<str:product_key>/matrix/", views.matrix, name="matrix"),
    path("p/<str:product_key>/refinement/", views.refinement, name="refinement"),
    path("items/<str:item_key>/", views.item_detail, name="item"),
]
