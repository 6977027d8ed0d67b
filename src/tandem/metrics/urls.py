from django.urls import path

from . import views

app_name = "metrics"

_product = "p/<str:product_key>/"
_metric = f"{_product}metrics/<int:metric_id>/"
_measurement = f"{_product}measurements/<int:measurement_id>/"
_experiment = f"{_product}experiments/<int:experiment_id>/"
_proposal = f"{_product}metric-proposals/<int:proposal_id>/"

# Archiving and restoring a metric or an experiment are the generic record verbs
# (records:archive); these are the pages and what is special to them.
urlpatterns = [
    path(f"{_product}metrics/", views.index, name="index"),
    path(f"{_product}metrics/new/", views.metric_create, name="create"),
    path(_metric, views.detail, name="detail"),
    path(f"{_metric}edit/", views.metric_update, name="update"),
    path(f"{_metric}propose/", views.metric_propose, name="propose"),
    path(
        f"{_proposal}accept/", views.proposal_decide, {"decision": "accept"}, name="proposal-accept"
    ),
    path(
        f"{_proposal}decline/",
        views.proposal_decide,
        {"decision": "decline"},
        name="proposal-decline",
    ),
    path(f"{_metric}measurements/", views.measurement_add, name="measurement-add"),
    path(f"{_metric}import/", views.import_measurements, name="import"),
    path(f"{_measurement}edit/", views.measurement_update, name="measurement-update"),
    path(f"{_measurement}archive/", views.measurement_archive, name="measurement-archive"),
    path(f"{_product}experiments/", views.experiments, name="experiments"),
    path(f"{_product}experiments/new/", views.experiment_create, name="experiment-create"),
    path(_experiment, views.experiment_detail, name="experiment"),
    path(f"{_experiment}edit/", views.experiment_update, name="experiment-update"),
]
