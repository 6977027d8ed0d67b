from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "metrics"

_metric = [
    path("", views.detail, name="detail"),
    path("edit/", views.metric_update, name="update"),
    path("propose/", views.metric_propose, name="propose"),
    path("measurements/", views.measurement_add, name="measurement-add"),
    path("import/", views.import_measurements, name="import"),
]
_proposal = [
    path("accept/", views.proposal_decide, {"decision": "accept"}, name="proposal-accept"),
    path("decline/", views.proposal_decide, {"decision": "decline"}, name="proposal-decline"),
]
_measurement = [
    path("edit/", views.measurement_update, name="measurement-update"),
    path("archive/", views.measurement_archive, name="measurement-archive"),
]
_experiment = [
    path("", views.experiment_detail, name="experiment"),
    path("edit/", views.experiment_update, name="experiment-update"),
]

# Archiving and restoring a metric or an experiment are the generic record verbs
# (records:archive); these are the pages and what is special to them.
_product_pages: list[URLPattern | URLResolver] = [
    path("metrics/", views.index, name="index"),
    path("metrics/new/", views.metric_create, name="create"),
    path("metrics/<int:metric_id>/", include(_metric)),
    path("metric-proposals/<int:proposal_id>/", include(_proposal)),
    path("measurements/<int:measurement_id>/", include(_measurement)),
    path("experiments/", views.experiments, name="experiments"),
    path("experiments/new/", views.experiment_create, name="experiment-create"),
    path("experiments/<int:experiment_id>/", include(_experiment)),
]

urlpatterns = [path("p/<str:product_key>/", include(_product_pages))]
