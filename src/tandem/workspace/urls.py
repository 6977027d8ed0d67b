"""The generic record pages and the decider's queue, for every registered type."""

from django.urls import URLPattern, include, path

from . import views

app_name = "records"


def record_paths(*, new: str, page: str, edit: str, archive: str) -> list[URLPattern]:
    """A registered type's generic pages below ``<kind>/``, under the names an app gives them."""
    record = "<str:kind>/<int:record_id>/"
    return [
        path("<str:kind>/new/", views.record_new, name=new),
        path(record, views.record_page, name=page),
        path(f"{record}edit/", views.record_edit, name=edit),
        path(f"{record}archive/", views.record_archive, name=archive),
    ]


_product = "p/<str:product_key>/"

urlpatterns = [
    path(f"{_product}queue/", views.queue, name="queue"),
    path(f"{_product}queue/<int:proposal_id>/", views.queue_decide, name="decide"),
    path(
        f"{_product}r/",
        include(record_paths(new="new", page="record", edit="edit", archive="archive")),
    ),
]
