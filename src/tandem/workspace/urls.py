"""The generic record pages and the decider's queue, for every registered type."""

from django.urls import path

from . import views

app_name = "records"

_product = "p/<str:product_key>/"
_record = f"{_product}r/<str:kind>/<int:record_id>/"

urlpatterns = [
    path(f"{_product}queue/", views.queue, name="queue"),
    path(f"{_product}queue/<int:proposal_id>/", views.queue_decide, name="decide"),
    path(f"{_product}r/<str:kind>/new/", views.record_new, name="new"),
    path(_record, views.record_page, name="record"),
    path(f"{_record}edit/", views.record_edit, name="edit"),
    path(f"{_record}archive/", views.record_archive, name="archive"),
]
