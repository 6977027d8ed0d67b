"""The notifications pages; the bell's count; watching a record; unsubscribing by link."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.page, name="page"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read/", views.read, name="read"),
    path("notifications/settings/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "p/<str:product_key>/watch/<str:object_type>/<int:object_id>/",
        views.watch,
        name="watch",
    ),
]
