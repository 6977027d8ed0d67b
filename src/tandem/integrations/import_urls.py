from django.urls import path

from . import import_views as views

app_name = "imports"

_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}imports/", views.imports, name="imports"),
    path(f"{_product}imports/<int:run_id>/", views.run_detail, name="run"),
    path(f"{_product}imports/<int:run_id>/confirm/", views.run_confirm, name="confirm"),
    path(f"{_product}exports/", views.export, name="export"),
    path(f"{_product}exports/<int:run_id>/archive/", views.export_download, name="download"),
]
