from django.urls import path

from . import views

app_name = "integrations"

_hooks = "p/<str:product_key>/settings/webhooks/"

urlpatterns = [
    path(_hooks, views.webhooks, name="webhooks"),
    path(f"{_hooks}new/", views.webhook_create, name="webhook-create"),
    path(f"{_hooks}<int:webhook_id>/archive/", views.webhook_archive, name="webhook-archive"),
    path(
        f"{_hooks}<int:webhook_id>/deliveries/<int:delivery_id>/redeliver/",
        views.delivery_redeliver,
        name="redeliver",
    ),
    path(f"{_hooks}github-secret/", views.github_secret, name="github-secret"),
]
