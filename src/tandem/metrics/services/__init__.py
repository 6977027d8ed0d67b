"""The metrics app's own verbs, called through the package: ``services.measurement_record``.

Creating, changing, archiving and restoring a metric, a measurement or an
experiment are the plain verbs of :mod:`tandem.workspace.writes`, driven by the
declarations in :mod:`tandem.metrics.records`.
"""

from .imports import CsvUpload, ImportPreview, measurements_import, measurements_import_preview
from .measurements import BatchOutcome, RecordOutcome, measurement_record, measurements_record_batch
from .proposals import metric_proposal_accept, metric_proposal_decline, metric_propose
from .values import FIELDS as MEASUREMENT_FIELDS
from .values import MeasurementRow, parse_day, parse_value

__all__ = [
    "MEASUREMENT_FIELDS",
    "BatchOutcome",
    "CsvUpload",
    "ImportPreview",
    "MeasurementRow",
    "RecordOutcome",
    "measurement_record",
    "measurements_import",
    "measurements_import_preview",
    "measurements_record_batch",
    "metric_proposal_accept",
    "metric_proposal_decline",
    "metric_propose",
    "parse_day",
    "parse_value",
]
