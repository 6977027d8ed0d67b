from django.urls import path

from . import views, wiki_views

app_name = "knowledge"

_wiki = "p/<str:product_key>/wiki/"
_page = f"{_wiki}<int:page_id>/"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path(_wiki, wiki_views.index, name="index"),
    path(f"{_wiki}new", wiki_views.page_new, name="new"),
    path(f"{_wiki}preview", wiki_views.page_preview, name="preview"),
    path(_page, wiki_views.page, name="page"),
    path(f"{_page}edit", wiki_views.page_edit, name="edit"),
    path(f"{_page}history", wiki_views.page_history, name="history"),
    path(f"{_page}restore-version", wiki_views.page_restore_version, name="restore-version"),
]
